import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip, registerConsoleRoutes } from './console-routes.js';

const log = { warn() {}, error() {} };
const INDEX = '<!doctype html><title>OPT</title><div id="root"></div>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http with a raw `path`, so `..` and encoded slashes reach the server exactly as written. */
function get(
  port: number,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function serve(dir: string): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify();
  registerConsoleRoutes(app, { dir, log });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { app, port: typeof address === 'object' && address ? address.port : 0 };
}

describe('console static files', () => {
  let root: string;
  let built: { app: FastifyInstance; port: number };
  let missing: { app: FastifyInstance; port: number };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'opt-console-'));
    const dir = join(root, 'console');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{color:red}');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    // A file next to the build that must never be reachable through /console.
    writeFileSync(join(root, 'secret.txt'), 'top secret');
    built = await serve(dir);
    missing = await serve(join(root, 'not-built'));
  });

  afterAll(async () => {
    await built.app.close();
    await missing.app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('redirects / and /console to /console/', async () => {
    const bare = await get(built.port, '/console');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/console/');
    const withQuery = await get(built.port, '/console?lang=zh');
    expect(withQuery.headers.location).toBe('/console/?lang=zh');
    const root = await get(built.port, '/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/console/');
  });

  it('serves hashed assets for a year, immutable, with their content types, gzipped when asked', async () => {
    const script = await get(built.port, '/console/assets/index-abc123.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.body.toString()).toBe(SCRIPT);

    const gzipped = await get(built.port, '/console/assets/index-abc123.js', 'GET', {
      'accept-encoding': 'gzip',
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toBe('accept-encoding');
    expect(gunzipSync(gzipped.body).toString()).toBe(SCRIPT);

    const style = await get(built.port, '/console/assets/index-abc123.css');
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(style.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const icon = await get(built.port, '/console/favicon.svg');
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers every other path with index.html, never cached, so the app routes it', async () => {
    for (const path of ['/console/', '/console/keys', '/console/logs/req_1?model=x', '/console/index.html']) {
      const page = await get(built.port, path);
      expect(page.status, path).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.body.toString()).toBe(INDEX);
    }
  });

  it('answers HEAD with the headers and no body', async () => {
    const head = await get(built.port, '/console/assets/index-abc123.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(head.body.length).toBe(0);
  });

  it('a missing asset is a 404 envelope, not index.html', async () => {
    const gone = await get(built.port, '/console/assets/index-old999.js');
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.body.toString()).error).toMatchObject({ code: 'not_found' });
  });

  it('cannot reach files outside the build, however the path is spelt', async () => {
    for (const path of [
      '/console/../secret.txt',
      '/console/assets/../../secret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/console/..%5csecret.txt',
      '/console//etc/passwd',
    ]) {
      const answer = await get(built.port, path);
      expect(answer.body.toString(), path).not.toContain('top secret');
      expect(answer.body.toString(), path).not.toContain('root:');
    }
  });

  it('says how to build the console when it is not built', async () => {
    for (const path of ['/console/', '/console/keys', '/console/assets/index-abc123.js']) {
      const answer = await get(missing.port, path);
      expect(answer.status, path).toBe(404);
      const body = JSON.parse(answer.body.toString());
      expect(body.error.code).toBe('not_found');
      expect(body.error.message).toContain('npm run build');
    }
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['gzip;q=0', false],
    ['gzip; q=0.0', false],
    ['*', true],
    ['*;q=0', false],
    ['identity', false],
    ['', false],
    ['x-gzip-ish', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
