import Fastify, { type FastifyInstance } from 'fastify';
import { GatewayError, InvalidRequestError } from '../api/gateway-error.js';
import { type AdminDependencies, registerAdminRoutes } from './admin-routes.js';
import { registerConsoleRoutes } from './console-routes.js';
import { registerMetricsRoute } from './metrics-route.js';
import { rawErrorResponse, sendError } from './render-error.js';
import { createRequestIdGenerator } from './request-id.js';
import { registerV1Routes, type V1Dependencies } from './v1-routes.js';

export interface AppOptions {
  bodyLimitBytes: number;
  /** Client addresses from X-Forwarded-For (server.trust_proxy). */
  trustProxy: boolean;
  v1: V1Dependencies;
  admin: AdminDependencies;
  health: { ready(): Promise<boolean> };
  /** Prometheus exposition for `GET /metrics`, and the bearer token it requires (null: open). */
  metrics: { render(): string };
  metricsToken: string | null;
  /** True once shutdown has begun: new requests on kept-alive connections get a 503 envelope. */
  isClosing(): boolean;
  /** Where the built web console lives (default: `dist/console`); tests point it elsewhere. */
  consoleDir?: string;
}

/** Known paths and their methods, so a wrong method gets 405 with `Allow` rather than 404. */
const KNOWN_PATHS: Array<{ pattern: RegExp; allow: string }> = [
  { pattern: /^\/metrics$/, allow: 'GET, HEAD' },
  { pattern: /^\/v1\/chat\/completions$/, allow: 'POST' },
  { pattern: /^\/v1\/messages(\/count_tokens)?$/, allow: 'POST' },
  { pattern: /^\/v1\/embeddings$/, allow: 'POST' },
  { pattern: /^\/v1\/models(\/.*)?$/, allow: 'GET, HEAD' },
  { pattern: /^\/admin\/(keys|teams)$/, allow: 'GET, HEAD, POST' },
  { pattern: /^\/admin\/(keys|teams)\/[^/]+$/, allow: 'GET, HEAD, PATCH, DELETE' },
  { pattern: /^\/admin\/(keys|teams)\/[^/]+\/(disable|enable|grants|budget\/reset)$/, allow: 'POST' },
  { pattern: /^\/admin\/(keys|teams)\/[^/]+\/budget$/, allow: 'GET, HEAD' },
  { pattern: /^\/admin\/teams\/[^/]+\/members$/, allow: 'GET, HEAD' },
  { pattern: /^\/admin\/teams\/[^/]+\/members\/[^/]+$/, allow: 'PUT, DELETE' },
  { pattern: /^\/admin\/admin-keys$/, allow: 'GET, HEAD, POST' },
  { pattern: /^\/admin\/admin-keys\/[^/]+$/, allow: 'DELETE' },
  { pattern: /^\/admin\/channels$/, allow: 'GET, HEAD, POST' },
  { pattern: /^\/admin\/channels\/[^/]+$/, allow: 'GET, HEAD, PATCH, DELETE' },
  { pattern: /^\/admin\/channels\/[^/]+\/(disable|enable|test)$/, allow: 'POST' },
  { pattern: /^\/admin\/channels\/[^/]+\/keys\/[^/]+\/enable$/, allow: 'POST' },
  { pattern: /^\/admin\/prices$/, allow: 'GET, HEAD' },
  { pattern: /^\/admin\/prices\/.+$/, allow: 'PUT, DELETE' },
  { pattern: /^\/admin\/(ledger|ledger\/totals|audit|usage|usage\/summary|settings)$/, allow: 'GET, HEAD' },
  { pattern: /^\/admin\/me$/, allow: 'GET, HEAD' },
  { pattern: /^\/(console(\/.*)?)?$/, allow: 'GET, HEAD' },
  { pattern: /^\/admin\/(usage\/[^/]+|models|providers)$/, allow: 'GET, HEAD' },
  { pattern: /^\/admin\/playground\/chat\/completions$/, allow: 'POST' },
];

/**
 * Fastify set up once: every answer, including the parser's and the router's, is an OpenAI error
 * envelope with an `x-request-id`.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const log = options.v1.log;
  const nextRequestId = createRequestIdGenerator();
  const app = Fastify({
    // No per-request access log: the usage record is the request log, written in batches.
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    genReqId: nextRequestId,
    requestIdHeader: false,
    // Our own hook answers during shutdown, so that answer is an OpenAI envelope too.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    keepAliveTimeout: 65_000,
    routerOptions: { maxParamLength: 500 },
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      const message =
        error.code === 'FST_ERR_BAD_URL' ? 'The request URL is malformed.' : 'The request is invalid.';
      sendError(request, reply, new InvalidRequestError(message), log);
    },
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return socket.destroy();
      const tooLarge = (error as { code?: string }).code === 'HPE_HEADER_OVERFLOW';
      const envelope = new GatewayError(
        tooLarge ? 'request_too_large' : 'invalid_request',
        tooLarge ? 'The request headers are too large.' : 'The HTTP request is malformed.',
        tooLarge ? { status: 431 } : {},
      ).toEnvelope();
      const status = tooLarge ? 431 : 400;
      socket.end(
        rawErrorResponse(
          status,
          tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
          envelope,
          nextRequestId(),
        ),
      );
    },
  });

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (!options.isClosing()) return done();
    reply.header('connection', 'close');
    sendError(
      request,
      reply,
      new GatewayError('shutting_down', 'The server is shutting down; retry shortly.'),
      log,
    );
  });

  // One JSON parser for every content type: clients that forget `Content-Type` (curl -d) still work,
  // and malformed JSON is a 400 with a clear message rather than Fastify's text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        new GatewayError(
          'invalid_json',
          'We could not parse the JSON body of your request. Send valid JSON.',
        ),
      );
    }
  });

  app.setErrorHandler((error, request, reply) => sendError(request, reply, error, log));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const known = KNOWN_PATHS.find((entry) => entry.pattern.test(path));
    if (known) {
      reply.header('allow', known.allow);
      return sendError(
        request,
        reply,
        new GatewayError(
          'method_not_allowed',
          `Method ${request.method} is not allowed on ${path}. Allowed: ${known.allow}.`,
        ),
        log,
      );
    }
    sendError(
      request,
      reply,
      new GatewayError('not_found', `Unknown route: ${request.method} ${path.slice(0, 200)}.`),
      log,
    );
  });

  app.get('/healthz', (_request, reply) => {
    reply.header('content-type', 'application/json; charset=utf-8').send('{"status":"ok"}');
  });
  app.get('/readyz', async (_request, reply) => {
    const ready = await options.health.ready();
    reply.code(ready ? 200 : 503).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ status: ready ? 'ready' : 'not_ready' });
  });

  // At the root, not in /v1 or /admin: scrapers hold neither a client nor an admin key.
  registerMetricsRoute(app, { metrics: options.metrics, token: options.metricsToken, log });
  await app.register(async (scope) => registerV1Routes(scope, options.v1));
  await app.register(async (scope) =>
    registerAdminRoutes(scope, { ...options.admin, playground: options.admin.playground ?? options.v1 }),
  );
  // Static files, no auth: the console holds no data; everything it shows comes from /admin with a key.
  registerConsoleRoutes(app, { dir: options.consoleDir, log });
  return app;
}
