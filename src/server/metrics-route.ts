import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AuthError } from '../api/gateway-error.js';
import { sendError } from './render-error.js';

/** The Prometheus text exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsRouteOptions {
  metrics: { render(): string };
  /**
   * The bearer token scrapers must send, or null for an open endpoint. Open is meant for operators
   * who scrape over a private network and keep the port off the internet: the metrics carry model and
   * channel names and traffic volumes, but no keys, teams or request content.
   */
  token: string | null;
  /** Where refused scrapes are logged (401s are not); defaults to the app's logger. */
  log?: { warn(object: object, message: string): void; error(object: object, message: string): void };
}

const BEARER = /^Bearer\s+(.+)$/i;

/** `GET /metrics` (and HEAD), outside the `/v1` and `/admin` auth hooks: it has its own token. */
export function registerMetricsRoute(app: FastifyInstance, options: MetricsRouteOptions): void {
  if (options.token === '') throw new Error('the metrics token is empty; use null for an open endpoint');
  const expected = options.token === null ? null : digest(options.token);
  const log = options.log ?? app.log;
  app.get('/metrics', (request, reply) => {
    if (expected !== null && !presentsToken(request.headers.authorization, expected)) {
      const message = request.headers.authorization
        ? 'Incorrect metrics token provided.'
        : "You didn't provide the metrics token. Send it as 'Authorization: Bearer YOUR_TOKEN'.";
      sendError(request, reply, new AuthError(message), log);
      return;
    }
    reply
      .code(200)
      .header('content-type', METRICS_CONTENT_TYPE)
      .header('cache-control', 'no-store')
      .send(options.metrics.render());
  });
}

function presentsToken(header: string | undefined, expected: Buffer): boolean {
  const match = header === undefined ? null : BEARER.exec(header);
  if (!match) return false;
  // Comparing digests keeps the comparison constant-time whatever the presented token's length.
  return timingSafeEqual(digest(match[1]!.trim()), expected);
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
