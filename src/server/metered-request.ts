import type { FastifyReply, FastifyRequest } from 'fastify';
import type { QuotaGate } from '../gateway/quota-gate.js';
import { RequestAbort } from '../gateway/request-abort.js';
import { RequestMeter, type UsageSink } from '../gateway/request-meter.js';
import type { InflightRequests } from './inflight-requests.js';
import { setPeekedQuotaHeaders, setQuotaHeaders } from './quota-headers.js';
import { sendError, toResponseError } from './render-error.js';

export interface MeteredRequestDependencies {
  usage: UsageSink;
  inflight: InflightRequests;
  quota: QuotaGate;
  currency: string;
  /** Wall clock for usage timestamps. */
  now: () => number;
  log: { warn(object: object, message: string): void; error(object: object, message: string): void };
}

const monotonicNow = () => performance.now();

/** The meter of one authenticated `/v1` request; `endpoint` names it in usage records. */
export function startMeter(
  request: FastifyRequest,
  deps: Pick<MeteredRequestDependencies, 'usage' | 'now'>,
  endpoint: string,
): RequestMeter {
  return new RequestMeter(
    deps.usage,
    request.id,
    request.clientKey,
    endpoint,
    request.acceptedAt,
    deps.now(),
    monotonicNow,
  );
}

/**
 * Runs one metered `/v1` request: its abort follows the client's connection and shutdown, a failure
 * becomes the error envelope with quota headers, and the request counts as finished only once its usage
 * record is queued (shutdown waits on `inflight`), whatever way it ends.
 */
export async function runMeteredRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: MeteredRequestDependencies,
  endpoint: string,
  handle: (meter: RequestMeter, abort: RequestAbort) => Promise<void>,
): Promise<FastifyReply> {
  const meter = startMeter(request, deps, endpoint);
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
    await handle(meter, abort);
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
    await meter.settled();
    release();
  }
}
