import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../api/gateway-error.js';
import { sendError } from './render-error.js';

/**
 * The web console: the static files `npm run build` writes to `dist/console`, served at `/console`.
 * The build is small, so every file is read once at boot into memory (and gzipped once), and a request is
 * a map lookup: a path that is not a key of the map cannot reach the file system, so `..` has nothing to
 * traverse. Hashed assets are cached for a year; every other path is the single-page app's `index.html`,
 * never cached, so a new build is picked up on the next load.
 */

/** From `src/server` (tests) and `dist/server` (the build) alike, `../../dist/console` is the build. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything the console loads is its own; it holds an admin key, so nothing else may run or frame it. */
const PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

interface ConsoleFile {
  body: Buffer;
  gzipped: Buffer | null;
  contentType: string;
}

interface Logger {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Every file under `dir` by its URL path relative to it (`assets/index-abc123.js`); empty when not built. */
export function loadConsoleFiles(dir: string): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  if (!existsSync(join(dir, 'index.html'))) return files;
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const extension = extname(name).toLowerCase();
      const body = readFileSync(path);
      files.set(relative(dir, path).split(sep).join('/'), {
        body,
        gzipped: COMPRESSIBLE.has(extension) && body.length > 512 ? gzipSync(body) : null,
        contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      });
    }
  };
  walk(dir);
  return files;
}

export function registerConsoleRoutes(app: FastifyInstance, options: { dir?: string; log: Logger }): void {
  const files = loadConsoleFiles(options.dir ?? DEFAULT_CONSOLE_DIR);
  const index = files.get('index.html');

  const notBuilt = (request: FastifyRequest, reply: FastifyReply) =>
    sendError(
      request,
      reply,
      new GatewayError(
        'not_found',
        'The web console is not built. Run `npm run build` (it builds the server and the console), then restart OPT.',
      ),
      options.log,
    );

  const send = (request: FastifyRequest, reply: FastifyReply, file: ConsoleFile, cacheControl: string) => {
    reply.header('content-type', file.contentType).header('cache-control', cacheControl);
    reply.header('x-content-type-options', 'nosniff');
    if (file.gzipped) {
      reply.header('vary', 'accept-encoding');
      if (acceptsGzip(String(request.headers['accept-encoding'] ?? ''))) {
        return reply.header('content-encoding', 'gzip').send(file.gzipped);
      }
    }
    return reply.send(file.body);
  };

  // GET routes answer HEAD too (Fastify's exposeHeadRoutes).
  app.get('/', (_request, reply) => reply.redirect('/console/', 302));
  app.get('/console', (request, reply) => {
    const query = request.url.indexOf('?');
    reply.redirect(`/console/${query === -1 ? '' : request.url.slice(query)}`, 301);
  });
  app.get('/console/*', (request, reply) => {
    if (!index) return notBuilt(request, reply);
    const path = (request.params as { '*': string })['*'];
    const file = files.get(path);
    if (path.startsWith('assets/')) {
      if (file) return send(request, reply, file, IMMUTABLE);
      // A missing hashed asset is a stale page after a deploy: a 404, not index.html parsed as script.
      return sendError(
        request,
        reply,
        new GatewayError('not_found', `No console asset at /console/${path.slice(0, 200)}.`),
        options.log,
      );
    }
    if (file && path !== 'index.html') return send(request, reply, file, 'public, max-age=3600');
    // Every other path is a route of the single-page app.
    reply.header('content-security-policy', PAGE_CSP).header('x-frame-options', 'DENY');
    return send(request, reply, index, 'no-cache');
  });
}

/** Whether an Accept-Encoding header allows gzip: listed (or `*`) and not refused with `q=0`. */
export function acceptsGzip(header: string): boolean {
  let wildcard: boolean | null = null;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const quality = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const allowed = quality === undefined || Number(quality.slice(2)) > 0;
    if (name.trim() === 'gzip') return allowed;
    if (name.trim() === '*') wildcard = allowed;
  }
  return wildcard === true;
}
