import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatMicros } from '../api/money.js';
import type { QuotaState } from '../gateway/quota/quota-types.js';
import { formatDuration, type QuotaGate } from '../gateway/quota-gate.js';

/**
 * OpenAI's rate-limit headers (`x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, for the most
 * constrained of the key's, team's and model's limits) and OPT's budget headers: the remaining budget of
 * the key (or its team, whichever is less) and the currency it is in; `unlimited` when neither has one.
 * @see https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers
 */
export function setQuotaHeaders(reply: FastifyReply, state: QuotaState | null, currency: string): void {
  const requests = state?.requests;
  if (requests) {
    reply.header('x-ratelimit-limit-requests', String(requests.limit));
    reply.header('x-ratelimit-remaining-requests', String(requests.remaining));
    reply.header('x-ratelimit-reset-requests', formatDuration(requests.resetMs));
  }
  const tokens = state?.tokens;
  if (tokens) {
    reply.header('x-ratelimit-limit-tokens', String(tokens.limit));
    reply.header('x-ratelimit-remaining-tokens', String(tokens.remaining));
    reply.header('x-ratelimit-reset-tokens', formatDuration(tokens.resetMs));
  }
  const remaining = state?.budgetRemainingMicros ?? null;
  reply.header('x-opt-budget-remaining', remaining === null ? 'unlimited' : formatMicros(remaining));
  reply.header('x-opt-budget-currency', currency);
}

/** Quota headers for a response that did not reserve anything (a read, or a request refused early). */
export async function setPeekedQuotaHeaders(
  reply: FastifyReply,
  request: FastifyRequest,
  deps: { quota: QuotaGate; currency: string; log: { warn(object: object, message: string): void } },
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
