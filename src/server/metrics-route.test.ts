import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../gateway/metrics/gateway-metrics.js';
import { METRICS_CONTENT_TYPE, registerMetricsRoute } from './metrics-route.js';

const TOKEN = 'scrape-secret-0123';
let app: FastifyInstance | null = null;

async function startApp(token: string | null): Promise<FastifyInstance> {
  const metrics = createGatewayMetrics();
  metrics.recordUpstreamAttempt('openai', 'success');
  app = Fastify();
  registerMetricsRoute(app, { metrics, token });
  await app.ready();
  return app;
}

afterEach(async () => {
  await app?.close();
  app = null;
});

describe('GET /metrics', () => {
  it('serves the exposition text with the Prometheus content type when no token is configured', async () => {
    const server = await startApp(null);
    const response = await server.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(METRICS_CONTENT_TYPE);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('opt_upstream_attempts_total{channel="openai",outcome="success"} 1\n');
  });

  it('answers 200 with the right token', async () => {
    const server = await startApp(TOKEN);
    const response = await server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(METRICS_CONTENT_TYPE);
    expect(response.body).toContain('# TYPE opt_requests_total counter');
  });

  it('answers 401 with an OpenAI envelope without a token or with a wrong one', async () => {
    const server = await startApp(TOKEN);
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer ']) {
      const response = await server.inject({
        method: 'GET',
        url: '/metrics',
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['www-authenticate']).toBe('Bearer');
      const body = response.json() as { error: { code: string; type: string; message: string } };
      expect(body.error.code).toBe('invalid_api_key');
      expect(body.error.type).toBe('invalid_request_error');
      expect(response.body).not.toContain('opt_');
    }
  });

  it('refuses an empty token: null is the way to open the endpoint', () => {
    expect(() => registerMetricsRoute(Fastify(), { metrics: createGatewayMetrics(), token: '' })).toThrow(
      /empty/,
    );
  });
});
