import type { BudgetPeriod } from '../../api/budget-period.js';
import type { LimitSettings } from '../../store/store-types.js';

/**
 * What budgets and rate limits apply to: a key, its team, or a public model (limits only).
 * Ids are `key:<id>`, `team:<id>`, `model:<id>`.
 */
export interface QuotaSubject {
  id: string;
  /** The configured amount per window; grants made in the window add to it. null = no budget. */
  budget: { allowanceMicros: number; period: BudgetPeriod } | null;
  limits: LimitSettings;
}

export interface AdmissionRequest {
  requestId: string;
  subjects: readonly QuotaSubject[];
  /** Reserved against every budget before the upstream call; settled to the real cost afterwards. */
  estimateMicros: number;
  /** Taken from every TPM bucket up front; settled to the tokens really used afterwards. */
  estimateTokens: number;
  nowMs: number;
  /**
   * How long the reservation and concurrency slot live if nobody settles them (a crashed instance):
   * the request's total deadline plus a margin.
   */
  leaseMs: number;
}

/** One rate limit as OpenAI's `x-ratelimit-*` headers show it. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
}

/** What the response headers report: the most constrained subject of each kind. */
export interface QuotaState {
  requests: RateLimitState | null;
  tokens: RateLimitState | null;
  /** The least remaining budget among subjects that have one (may be negative); null when none has. */
  budgetRemainingMicros: number | null;
}

export interface QuotaRefusal {
  kind: 'budget' | 'rpm' | 'tpm' | 'concurrency';
  subjectId: string;
  /** The limit that refused (requests, tokens, concurrent requests, or the budget's micros). */
  limit: number;
  /** When retrying can succeed; null when it cannot be known (a budget without a reset, a request over its TPM). */
  retryAfterMs: number | null;
  /** True when the request alone exceeds the limit (estimate above TPM or above the whole budget). */
  neverFits: boolean;
}

/** Opaque to callers: what `settle` needs to undo the reservation. Plain data (no functions). */
export interface QuotaTicket {
  readonly requestId: string;
  readonly subjectIds: readonly string[];
  readonly estimateMicros: number;
  readonly estimateTokens: number;
  /** Per subject with a budget, the window the reservation was made in (charges land there too). */
  readonly budgetWindows: Readonly<Record<string, string>>;
}

export type Admission =
  | { admitted: true; ticket: QuotaTicket; state: QuotaState }
  | { admitted: false; refusal: QuotaRefusal; state: QuotaState };

export interface SettledUsage {
  costMicros: number;
  /** Tokens that count toward TPM (cached prompt tokens excluded unless configured). */
  tokens: number;
}

/**
 * Budgets, reservations and rate limits. `MemoryQuotaStore` serves one instance; `RedisQuotaStore`
 * keeps the same state in Redis (one Lua script per operation, so key, team and model are checked and
 * reserved atomically) for several instances. Both pass `quota-store.conformance.ts`.
 */
export interface QuotaStore {
  readonly kind: 'memory' | 'redis';
  /** All subjects or none: a refused request reserves nothing. */
  admit(request: AdmissionRequest): Promise<Admission>;
  /**
   * Exactly once per admitted request: replaces the reservation with the real cost (in the window the
   * reservation was made in), corrects the TPM buckets, and frees the concurrency slots.
   */
  settle(ticket: QuotaTicket, usage: SettledUsage, nowMs: number): Promise<void>;
  /** Adds a grant to the subject's current window (a negative amount takes it back). */
  credit(subject: QuotaSubject, amountMicros: number, nowMs: number): Promise<void>;
  /**
   * Boot and cache refresh: sets the net spend (charges − grants) of the subject's current window from the
   * ledger, unless this store already holds state for that window (another instance seeded it, or it
   * has been counting since).
   */
  seed(subject: QuotaSubject, netSpentMicros: number, nowMs: number): Promise<void>;
  /** The state headers report, without reserving anything (responses that do not go through `admit`). */
  peek(subjects: readonly QuotaSubject[], nowMs: number): Promise<QuotaState>;
  close(): Promise<void>;
}
