import { NoRouteError, toGatewayError } from '../api/gateway-error.js';
import { toWireText, type WireObject } from '../api/wire-text.js';
import type { UpstreamCall } from '../providers/provider-adapter.js';
import { type FailoverOptions, runWithFailover } from './failover.js';
import type { ModelCatalog, RoutePlan, RouteTarget } from './model-catalog.js';
import type { QuotaGate } from './quota-gate.js';
import type { RequestAbort } from './request-abort.js';
import type { RequestMeter } from './request-meter.js';

/**
 * The steps every relayed request (chat, embeddings) takes before its upstream call, kept in one place so
 * the endpoints cannot drift apart: plan the route for the key, fix the deadline, turn on prompt logging.
 */

/** The model's targets and fallbacks for this key; unknown and forbidden models look the same (404). */
export function planForKey(catalog: ModelCatalog, model: string, meter: RequestMeter): RoutePlan {
  const allowed = meter.key?.models;
  const plan = allowed && !allowed.has(model) ? null : catalog.planFor(model);
  if (!plan || plan.groups.length === 0) throw new NoRouteError(model);
  return plan;
}

/** The request's deadline: the longest total time any of its primary targets allows. */
export function totalDeadlineMs(plan: RoutePlan): number {
  return Math.max(...(plan.groups[0]?.targets.map((route) => route.totalMs) ?? [0]));
}

/** Keeps the request body when the key or its team has prompt logging on. */
export function logRequestBody(meter: RequestMeter, request: object): void {
  const retentionDays = meter.key?.promptRetentionDays;
  if (retentionDays) meter.logBodies(retentionDays, JSON.stringify(request));
}

/** Aborts the request when its total deadline passes; the caller clears the timer when it ends. */
export function startDeadline(abort: RequestAbort, totalMs: number): NodeJS.Timeout {
  const timer = setTimeout(
    () => abort.abort(new DOMException('Total deadline exceeded', 'TimeoutError')),
    totalMs,
  );
  timer.unref();
  return timer;
}

export interface WholeAnswerCall<Answer extends WireObject> {
  plan: RoutePlan;
  totalMs: number;
  /** The model the client asked for: an answer from a fallback model is repriced at that model's price. */
  requestedModel: string;
  meter: RequestMeter;
  abort: RequestAbort;
  failover: FailoverOptions;
  quota: QuotaGate;
  attempt(route: RouteTarget, call: UpstreamCall): Promise<Answer>;
  /** Puts the answer's usage on the meter. */
  record(answer: Answer): void | Promise<void>;
}

/**
 * A whole (not streamed) answer, after admission: failover under the request's total deadline, then the
 * outcome metered exactly once — success with the served model, usage and logged body, or the failure.
 */
export async function relayWholeAnswer<Answer extends WireObject>(
  call: WholeAnswerCall<Answer>,
): Promise<Answer> {
  const { meter, abort, failover } = call;
  const deadline = startDeadline(abort, call.totalMs);
  try {
    const { value: answer, route } = await runWithFailover(
      call.plan,
      meter,
      abort,
      failover.now() + call.totalMs,
      failover,
      call.attempt,
    );
    if (route.publicModel !== call.requestedModel) call.quota.reprice(meter, route.publicModel);
    const served = (answer as { model?: unknown }).model;
    if (typeof served === 'string') meter.servedModel = served;
    const recorded = call.record(answer);
    if (recorded) await recorded;
    if (meter.isLoggingBodies) meter.logResponsePart(toWireText(answer));
    void meter.succeed();
    return answer;
  } catch (error) {
    const gatewayError = toGatewayError(error);
    void meter.fail(gatewayError);
    throw gatewayError;
  } finally {
    clearTimeout(deadline);
  }
}
