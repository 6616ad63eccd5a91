import { NoRouteError } from '../api/gateway-error.js';
import type { ModelCatalog, RoutePlan } from './model-catalog.js';
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
