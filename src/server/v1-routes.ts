import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModelObject } from '../api/chat-types.js';
import { AuthError, NoRouteError } from '../api/gateway-error.js';
import { formatMicros } from '../api/money.js';
import { validateChatRequest } from '../api/validate-chat-request.js';
import { toWireText } from '../api/wire-text.js';
import type { ChatGateway } from '../gateway/chat-gateway.js';
import { checkKeyAccess } from '../gateway/check-key-access.js';
import type { AuthenticatedKey, KeyCache } from '../gateway/key-cache.js';
import type { ModelCatalog } from '../gateway/model-catalog.js';
import type { PriceTable } from '../gateway/pricing/price-table.js';
import type { QuotaGate } from '../gateway/quota-gate.js';
import { RequestAbort } from '../gateway/request-abort.js';
import { RequestMeter, type UsageSink } from '../gateway/request-meter.js';
import type { InflightRequests } from './inflight-requests.js';
import { setQuotaHeaders } from './quota-headers.js';
import { sendError, toResponseError } from './render-error.js';
import { writeSseStream } from './write-sse.js';

export interface V1Dependencies {
  keys: KeyCache;
  catalog: () => ModelCatalog;
  gateway: ChatGateway;
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

/** The OpenAI-compatible surface: every route here requires a client key (checked before the body is read). */
export async function registerV1Routes(app: FastifyInstance, deps: V1Dependencies): Promise<void> {
  app.decorateRequest('clientKey', null);
  app.decorateRequest('acceptedAt', 0);

  app.addHook('onRequest', (request, reply, done) => {
    const header = request.headers.authorization;
    const key =
      typeof header === 'string' && header.length > BEARER_PREFIX.length && header.startsWith(BEARER_PREFIX)
        ? deps.keys.authenticate(header.slice(BEARER_PREFIX.length).trim())
        : null;
    if (!key) {
      const message =
        typeof header === 'string' && header.length > 0
          ? 'Incorrect API key provided. Check the key, or create one with `opt keys create`.'
          : "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.";
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
    if (request.clientKey && request.routeOptions.url === CHAT_COMPLETIONS_PATH) {
      void startMeter(request, deps).fail(toResponseError(error));
    }
    await setPeekedQuotaHeaders(reply, request, deps);
    sendError(request, reply, error, deps.log);
    return reply;
  });

  app.post(CHAT_COMPLETIONS_PATH, (request, reply) => handleChatCompletion(request, reply, deps));

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

/** Quota headers for a response that did not reserve anything (a read, or a request refused early). */
async function setPeekedQuotaHeaders(
  reply: FastifyReply,
  request: FastifyRequest,
  deps: V1Dependencies,
): Promise<void> {
  let state = null;
  try {
    state = (await deps.quota.peek(request.clientKey)) ?? null;
  } catch (error) {
    // Headers are informative; a quota store hiccup must not fail the response that carries them.
    deps.log.warn({ requestId: request.id, error: (error as Error).message }, 'reading quota state failed');
  }
  setQuotaHeaders(reply, state, deps.currency);
}

const monotonicNow = () => performance.now();

function startMeter(request: FastifyRequest, deps: V1Dependencies): RequestMeter {
  return new RequestMeter(
    deps.usage,
    request.id,
    request.clientKey,
    'chat.completions',
    request.acceptedAt,
    deps.now(),
    monotonicNow,
  );
}

async function handleChatCompletion(request: FastifyRequest, reply: FastifyReply, deps: V1Dependencies) {
  const meter = startMeter(request, deps);
  const abort = new RequestAbort();
  const raw = reply.raw;
  const onClose = () => {
    if (!raw.writableFinished)
      abort.abort(new DOMException('The client closed the connection.', 'AbortError'));
  };
  raw.once('close', onClose);
  const release = deps.inflight.add(abort);
  try {
    const body = request.body as { model?: unknown } | undefined;
    if (body && typeof body === 'object' && typeof body.model === 'string') meter.model = body.model;
    const chatRequest = validateChatRequest(request.body);
    meter.model = chatRequest.model;
    meter.request = chatRequest;
    meter.stream = chatRequest.stream === true;
    if (chatRequest.stream !== true) {
      const completion = await deps.gateway.complete(chatRequest, meter, abort);
      setQuotaHeaders(reply, meter.quotaState, deps.currency);
      const costMicros = completion.usage ? meter.costOfUsage(completion.usage) : null;
      if (costMicros !== null) reply.header('x-opt-cost', formatMicros(costMicros));
      reply.header('content-type', 'application/json; charset=utf-8').send(toWireText(completion));
      return reply;
    }
    const opened = await deps.gateway.openStream(chatRequest, meter, abort);
    setQuotaHeaders(reply, meter.quotaState, deps.currency);
    reply.hijack();
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    const streamError = await writeSseStream(raw, opened);
    if (streamError && streamError.code !== 'client_closed_request') {
      deps.log.warn({ requestId: request.id, code: streamError.code }, streamError.message);
    }
    return reply;
  } catch (error) {
    // Idempotent: when the gateway already metered this failure, the first outcome stands.
    void meter.fail(toResponseError(error));
    if (!raw.headersSent && !raw.destroyed) {
      if (meter.quotaState) setQuotaHeaders(reply, meter.quotaState, deps.currency);
      else await setPeekedQuotaHeaders(reply, request, deps);
      sendError(request, reply, error, deps.log);
    }
    return reply;
  } finally {
    raw.off('close', onClose);
    // Shutdown waits on `inflight`, so the record must be queued before this request counts as done.
    await meter.settled();
    release();
  }
}
