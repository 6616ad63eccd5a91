import type { FastifyInstance } from 'fastify';
import type { ModelObject } from '../api/chat-types.js';
import { AuthError, NoRouteError } from '../api/gateway-error.js';
import { formatMicros } from '../api/money.js';
import type { ChatGateway } from '../gateway/chat-gateway.js';
import { checkKeyAccess } from '../gateway/check-key-access.js';
import type { EmbeddingGateway } from '../gateway/embedding-gateway.js';
import type { AuthenticatedKey, KeyCache } from '../gateway/key-cache.js';
import type { ModelCatalog } from '../gateway/model-catalog.js';
import type { PriceTable } from '../gateway/pricing/price-table.js';
import type { QuotaGate } from '../gateway/quota-gate.js';
import type { UsageSink } from '../gateway/request-meter.js';
import { answerChatCompletion } from './chat-completion-answer.js';
import { EMBEDDINGS_ENDPOINT, EMBEDDINGS_PATH, registerEmbeddingsRoutes } from './embeddings-routes.js';
import type { InflightRequests } from './inflight-requests.js';
import { MESSAGES_ENDPOINT, MESSAGES_PATH, registerMessagesRoutes } from './messages-routes.js';
import { runMeteredRequest, startMeter } from './metered-request.js';
import { setPeekedQuotaHeaders } from './quota-headers.js';
import { sendError, toResponseError } from './render-error.js';

export interface V1Dependencies {
  keys: KeyCache;
  catalog: () => ModelCatalog;
  gateway: ChatGateway;
  embeddings: EmbeddingGateway;
  usage: UsageSink;
  inflight: InflightRequests;
  quota: QuotaGate;
  prices: () => PriceTable;
  currency: string;
  /** Wall clock for expiry checks and usage timestamps (tests move it). */
  now: () => number;
  log: { warn(object: object, message: string): void; error(object: object, message: string): void };
}

declare module 'fastify' {
  interface FastifyRequest {
    clientKey: AuthenticatedKey | null;
    /** performance.now() when the key was accepted: latency includes reading and parsing the body. */
    acceptedAt: number;
  }
}

const BEARER_PREFIX = 'Bearer ';
const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
/** Routes whose requests are metered, with the `endpoint` their usage records carry. */
const METERED_ENDPOINTS: ReadonlyMap<string, string> = new Map([
  [CHAT_COMPLETIONS_PATH, 'chat.completions'],
  [EMBEDDINGS_PATH, EMBEDDINGS_ENDPOINT],
  [MESSAGES_PATH, MESSAGES_ENDPOINT],
]);

/** The OpenAI-compatible surface: every route here requires a client key (checked before the body is read). */
export async function registerV1Routes(app: FastifyInstance, deps: V1Dependencies): Promise<void> {
  app.decorateRequest('clientKey', null);
  app.decorateRequest('acceptedAt', 0);

  app.addHook('onRequest', (request, reply, done) => {
    const header = request.headers.authorization;
    // Anthropic's clients send the key as `x-api-key`; a Bearer token, when both come, wins.
    const apiKey = request.headers['x-api-key'];
    const presented =
      typeof header === 'string' && header.length > BEARER_PREFIX.length && header.startsWith(BEARER_PREFIX)
        ? header.slice(BEARER_PREFIX.length).trim()
        : typeof apiKey === 'string' && apiKey.length > 0
          ? apiKey.trim()
          : null;
    const key = presented ? deps.keys.authenticate(presented) : null;
    if (!key) {
      const message =
        (typeof header === 'string' && header.length > 0) || typeof apiKey === 'string'
          ? 'Incorrect API key provided. Check the key, or create one with `opt keys create`.'
          : "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY' (or 'x-api-key: YOUR_KEY').";
      sendError(request, reply, new AuthError(message), deps.log);
      return;
    }
    const refusal = checkKeyAccess(key, request.ip, deps.now());
    if (refusal) {
      sendError(request, reply, refusal, deps.log);
      return;
    }
    request.clientKey = key;
    request.acceptedAt = performance.now();
    done();
  });

  // Failures before the handler runs (malformed JSON, a body over the limit) still cost an
  // authenticated request: they get their usage record like every other ending.
  app.setErrorHandler(async (error, request, reply) => {
    const endpoint = METERED_ENDPOINTS.get(request.routeOptions.url ?? '');
    if (request.clientKey && endpoint) void startMeter(request, deps, endpoint).fail(toResponseError(error));
    await setPeekedQuotaHeaders(reply, request, deps);
    sendError(request, reply, error, deps.log);
    return reply;
  });

  app.post(CHAT_COMPLETIONS_PATH, (request, reply) =>
    runMeteredRequest(request, reply, deps, 'chat.completions', (meter, abort) =>
      answerChatCompletion(request, reply, deps, meter, abort),
    ),
  );
  registerEmbeddingsRoutes(app, deps);
  registerMessagesRoutes(app, deps);

  app.get('/v1/models', async (request, reply) => {
    const prices = deps.prices();
    const data = deps
      .catalog()
      .listModels(request.clientKey?.models ?? null)
      .map((model) => withPricing(model, prices, deps.currency));
    await setPeekedQuotaHeaders(reply, request, deps);
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ object: 'list', data }));
    return reply;
  });

  // Model ids may contain '/' (e.g. "org/model"), so the id is the rest of the path, URL-decoded.
  app.get('/v1/models/*', async (request, reply) => {
    const id = (request.params as { '*': string })['*'];
    const allowed = request.clientKey?.models;
    const model = allowed && !allowed.has(id) ? undefined : deps.catalog().findModel(id);
    await setPeekedQuotaHeaders(reply, request, deps);
    if (!model) sendError(request, reply, new NoRouteError(id), deps.log);
    else
      reply
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(withPricing(model, deps.prices(), deps.currency)));
    return reply;
  });
}

/**
 * OPT's extra field on a model object: its list price per million tokens (before any team multiplier),
 * as decimal strings so no amount is rounded. Models without a price have no `pricing`.
 */
function withPricing(model: ModelObject, prices: PriceTable, currency: string) {
  const price = prices.get(model.id);
  if (!price) return model;
  return {
    ...model,
    pricing: {
      currency,
      unit: 'per_million_tokens',
      input: formatMicros(price.inputMicros),
      cached_input: formatMicros(price.cachedInputMicros),
      output: formatMicros(price.outputMicros),
    },
  };
}
