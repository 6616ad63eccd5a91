import type { ChatRequest } from '../api/chat-types.js';
import type { EmbeddingRequest } from '../api/embedding-types.js';
import { GatewayError } from '../api/gateway-error.js';
import { formatMicros } from '../api/money.js';
import { approximateEmbeddingTokens } from './estimate-embedding-tokens.js';
import { approximatePromptTokens } from './estimate-tokens.js';
import type { AuthenticatedKey } from './key-cache.js';
import { estimateCostMicros } from './pricing/compute-cost.js';
import type { PriceTable } from './pricing/price-table.js';
import type {
  Admission,
  AdmissionRequest,
  QuotaRefusal,
  QuotaState,
  QuotaStore,
  QuotaSubject,
} from './quota/quota-types.js';
import { RequestCharge } from './request-charge.js';
import type { RequestMeter } from './request-meter.js';

export interface QuotaGateOptions {
  quota: QuotaStore;
  prices: () => PriceTable;
  /** `model:<id>` subjects from `model_limits`, by public model id. */
  modelSubjects: ReadonlyMap<string, QuotaSubject>;
  currency: string;
  reserveMaxTokens: number;
  tpmCountsCachedTokens: boolean;
  now: () => number;
  log: { error(object: object, message: string): void };
}

/** What a request may cost in tokens, before it runs; the prompt is estimated only when a limit applies. */
interface TokenEstimate {
  promptTokens: () => number;
  /** Null: not capped by the request (the budget reserves `billing.reserve_max_tokens`). */
  maxOutputTokens: number | null;
  choices: number;
}

/** A reservation outlives its request's deadline by this much before another instance may reclaim it. */
const LEASE_MARGIN_MS = 60_000;
const LIST_PRICE_PPM = 1_000_000;

/**
 * The "check quota" step of the request path: reserve an estimate against the key's, its team's and the
 * model's budgets and rate limits before any upstream call, or refuse with 429. No database involved:
 * the quota store is process memory, or one Redis script call across instances.
 */
export class QuotaGate {
  constructor(private readonly options: QuotaGateOptions) {}

  async admit(request: ChatRequest, meter: RequestMeter, totalMs: number): Promise<void> {
    await this.reserve(request.model, meter, totalMs, {
      promptTokens: () => approximatePromptTokens(request),
      maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? null,
      choices: request.n ?? 1,
    });
  }

  /** An embeddings request: its input is all it is charged for, so nothing is reserved for output. */
  async admitEmbedding(request: EmbeddingRequest, meter: RequestMeter, totalMs: number): Promise<void> {
    await this.reserve(request.model, meter, totalMs, {
      promptTokens: () => approximateEmbeddingTokens(request.input),
      maxOutputTokens: 0,
      choices: 1,
    });
  }

  private async reserve(
    model: string,
    meter: RequestMeter,
    totalMs: number,
    estimate: TokenEstimate,
  ): Promise<void> {
    const options = this.options;
    const key = meter.key;
    const price = options.prices().get(model) ?? null;
    const multiplierPpm = key?.team?.priceMultiplierPpm ?? LIST_PRICE_PPM;
    const charge = new RequestCharge(
      price,
      multiplierPpm,
      options.tpmCountsCachedTokens,
      options.quota,
      options.now,
      options.log,
    );
    meter.charge = charge;
    const subjects = this.subjectsFor(key, model);
    if (subjects.length === 0) return;

    const promptTokens = estimate.promptTokens();
    const { choices, maxOutputTokens } = estimate;
    const admission = await this.admitOrFail({
      requestId: meter.requestId,
      subjects,
      estimateMicros: price
        ? estimateCostMicros(
            promptTokens,
            (maxOutputTokens ?? options.reserveMaxTokens) * choices,
            price,
            multiplierPpm,
          )
        : 0,
      // TPM is a rate, not money: only an explicit max_tokens is taken up front; settle corrects it.
      estimateTokens: promptTokens + (maxOutputTokens ?? 0) * choices,
      nowMs: options.now(),
      leaseMs: totalMs + LEASE_MARGIN_MS,
    });
    meter.quotaState = admission.state;
    if (!admission.admitted) throw this.refusalError(admission.refusal, key);
    charge.ticket = admission.ticket;
  }

  /**
   * Fails closed: when the quota store cannot answer (Redis down), the request is refused with 503
   * rather than served without its budget and limits; money must not leak while limits are blind.
   */
  private async admitOrFail(request: AdmissionRequest): Promise<Admission> {
    try {
      return await this.options.quota.admit(request);
    } catch (error) {
      this.options.log.error(
        { requestId: request.requestId, error: error instanceof Error ? error.message : String(error) },
        'the quota store did not answer; refusing the request',
      );
      throw new GatewayError(
        'quota_unavailable',
        'Budgets and rate limits cannot be checked right now; please try again shortly.',
        { cause: error },
      );
    }
  }

  /** A fallback model served the request: charge that model's price. */
  reprice(meter: RequestMeter, model: string): void {
    meter.charge?.usePrice(this.options.prices().get(model) ?? null);
  }

  /** The state response headers report for a request that did not reach `admit`. */
  peek(key: AuthenticatedKey | null): Promise<QuotaState> | null {
    if (!key || key.quotaSubjects.length === 0) return null;
    return this.options.quota.peek(key.quotaSubjects, this.options.now());
  }

  private subjectsFor(key: AuthenticatedKey | null, model: string): readonly QuotaSubject[] {
    const modelSubject = this.options.modelSubjects.get(model);
    const keySubjects = key?.quotaSubjects ?? [];
    return modelSubject ? [...keySubjects, modelSubject] : keySubjects;
  }

  private refusalError(refusal: QuotaRefusal, key: AuthenticatedKey | null): GatewayError {
    const who = describeSubject(refusal.subjectId, key);
    const headers: Record<string, string> = {};
    // A request larger than the limit itself will not fit in the next window either.
    const retryAfterMs = refusal.neverFits ? null : refusal.retryAfterMs;
    if (retryAfterMs !== null) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
      headers['retry-after-ms'] = String(Math.max(0, Math.ceil(retryAfterMs)));
    } else {
      // The official SDKs retry 429s unless told not to; retrying cannot help here.
      headers['x-should-retry'] = 'false';
    }
    const retryHint = retryAfterMs === null ? '' : ` Please try again in ${formatDuration(retryAfterMs)}.`;
    switch (refusal.kind) {
      case 'budget':
        return new GatewayError(
          'insufficient_quota',
          refusal.neverFits
            ? `This request could cost more than the whole budget of ${who} (${formatMicros(refusal.limit)} ${this.options.currency}); lower max_tokens.`
            : `You exceeded your current quota: the budget of ${who} (${formatMicros(refusal.limit)} ${this.options.currency}) does not cover this request.${retryHint}`,
          { headers, retryable: false },
        );
      case 'rpm':
        return new GatewayError(
          'local_rate_limit',
          `Rate limit reached for ${who} on requests per min (RPM): Limit ${refusal.limit}.${retryHint}`,
          { headers, retryable: false },
        );
      case 'tpm':
        return new GatewayError(
          'local_rate_limit',
          refusal.neverFits
            ? `Request too large for ${who} on tokens per min (TPM): Limit ${refusal.limit}; lower max_tokens or shorten the messages.`
            : `Rate limit reached for ${who} on tokens per min (TPM): Limit ${refusal.limit}.${retryHint}`,
          { headers, retryable: false, wireType: 'tokens' },
        );
      case 'concurrency':
        return new GatewayError(
          'local_rate_limit',
          `Too many concurrent requests for ${who}: Limit ${refusal.limit}.${retryHint}`,
          { headers, retryable: false },
        );
    }
  }
}

function describeSubject(subjectId: string, key: AuthenticatedKey | null): string {
  if (key && subjectId === `key:${key.id}`) return `key '${key.name}'`;
  if (key?.team && subjectId === `team:${key.team.id}`) return `team '${key.team.name}'`;
  if (subjectId.startsWith('model:')) return `model '${subjectId.slice('model:'.length)}'`;
  return subjectId;
}

/** OpenAI's style for rate-limit durations: `20ms`, `1.5s`, `6m0s`. */
export function formatDuration(ms: number): string {
  const rounded = Math.max(0, Math.ceil(ms));
  if (rounded < 1000) return `${rounded}ms`;
  if (rounded < 60_000) return `${Number((rounded / 1000).toFixed(3))}s`;
  const minutes = Math.floor(rounded / 60_000);
  const seconds = Math.floor((rounded % 60_000) / 1000);
  if (minutes < 60) return `${minutes}m${seconds}s`;
  return `${Math.floor(minutes / 60)}h${minutes % 60}m${seconds}s`;
}
