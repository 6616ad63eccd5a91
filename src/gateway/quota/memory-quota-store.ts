import { type BudgetRecord, refillBucket, SubjectState } from './memory-subject-state.js';
import { bucketRefusal, concurrencyRefusal } from './quota-refusals.js';
import type {
  Admission,
  AdmissionRequest,
  QuotaRefusal,
  QuotaState,
  QuotaStore,
  QuotaSubject,
  QuotaTicket,
  SettledUsage,
} from './quota-types.js';
import { LEVEL_SCALE, refillLevel, toRateLimitState } from './token-bucket.js';

/** An admission until it settles or expires; holds its subjects' state so settling needs no lookups. */
interface Lease {
  ticket: QuotaTicket;
  expiresAtMs: number;
  states: SubjectState[];
  /** Per subject, the budget window reserved in (null without a budget); charges land there too. */
  records: (BudgetRecord | null)[];
}

/**
 * Budgets and rate limits for a single instance, in plain Maps. On the hot path: no timers, no per-request
 * work beyond the subjects' counters and one lease entry. Unsettled admissions are leases like Redis's,
 * so a lost settle frees its slot and reservation after `leaseMs`, and the lease map is also what makes
 * `settle` idempotent while staying bounded by the requests in flight.
 */
export class MemoryQuotaStore implements QuotaStore {
  readonly kind = 'memory';
  readonly #subjects = new Map<string, SubjectState>();
  readonly #leases = new Map<string, Lease>();
  /** No lease expires before this; a lower bound, so expiry costs one sweep per lease period, not per call. */
  #nextExpiryMs = Number.POSITIVE_INFINITY;

  async admit(request: AdmissionRequest): Promise<Admission> {
    const { subjects, nowMs } = request;
    this.#expireLeases(nowMs);
    // Looked up once: the lease keeps them, so settling needs no lookups either.
    const states = this.#statesOf(subjects);
    // Check every subject before changing any, so a refusal reserves nothing.
    for (let index = 0; index < subjects.length; index++) {
      const refusal = this.#check(subjects[index]!, states[index]!, request);
      if (refusal) return { admitted: false, refusal, state: this.#state(subjects, states, nowMs) };
    }
    const subjectIds: string[] = [];
    const budgetWindows: Record<string, string> = {};
    const records: (BudgetRecord | null)[] = [];
    for (let index = 0; index < subjects.length; index++) {
      const subject = subjects[index]!;
      const state = states[index]!;
      subjectIds.push(subject.id);
      state.inFlight++;
      let record: BudgetRecord | null = null;
      if (subject.budget) {
        const window = state.window(subject.budget.period, nowMs);
        record = state.currentRecord(window, nowMs);
        record.reservedMicros += request.estimateMicros;
        budgetWindows[subject.id] = window.id;
      }
      records.push(record);
      // #check refilled both buckets to nowMs.
      if (subject.limits.tpm !== null) state.tpm!.level -= request.estimateTokens * LEVEL_SCALE;
      if (subject.limits.rpm !== null) state.rpm!.level -= LEVEL_SCALE;
    }
    const ticket: QuotaTicket = {
      requestId: request.requestId,
      subjectIds,
      estimateMicros: request.estimateMicros,
      estimateTokens: request.estimateTokens,
      budgetWindows,
    };
    const expiresAtMs = nowMs + request.leaseMs;
    this.#leases.set(request.requestId, { ticket, expiresAtMs, states, records });
    if (expiresAtMs < this.#nextExpiryMs) this.#nextExpiryMs = expiresAtMs;
    return { admitted: true, ticket, state: this.#state(subjects, states, nowMs) };
  }

  async settle(ticket: QuotaTicket, usage: SettledUsage, nowMs: number): Promise<void> {
    const lease = this.#leases.get(ticket.requestId);
    if (!lease) return;
    this.#leases.delete(ticket.requestId);
    this.#release(lease);
    // An expired lease has already given its holds back; the answer came after its deadline, and
    // treating it as gone keeps both stores alike whenever the expiry is noticed.
    if (lease.expiresAtMs <= nowMs) return;
    const { states, records } = lease;
    const returnedTokens = (lease.ticket.estimateTokens - usage.tokens) * LEVEL_SCALE;
    for (let index = 0; index < states.length; index++) {
      const tpm = states[index]!.tpm;
      if (tpm) {
        // Debt is allowed (more tokens than estimated): the bucket refills through it.
        const level = refillLevel(tpm.level, tpm.updatedAtMs, tpm.capacity, nowMs);
        tpm.level = Math.min(level + returnedTokens, tpm.capacity * LEVEL_SCALE);
        if (nowMs > tpm.updatedAtMs) tpm.updatedAtMs = nowMs;
      }
      // The window of the reservation, even if another has begun since (an ended window's record may
      // already be dropped: the charge then lands in a window nobody reads any more).
      records[index]?.add(nowMs, usage.costMicros, 0);
    }
  }

  async credit(subject: QuotaSubject, amountMicros: number, nowMs: number): Promise<void> {
    if (!subject.budget) return;
    const state = this.#subject(subject.id);
    state
      .currentRecord(state.window(subject.budget.period, nowMs), nowMs)
      .add(nowMs, -amountMicros, amountMicros);
  }

  async seed(subject: QuotaSubject, netSpentMicros: number, nowMs: number): Promise<void> {
    if (!subject.budget) return;
    const state = this.#subject(subject.id);
    const record = state.currentRecord(state.window(subject.budget.period, nowMs), nowMs);
    if (!record.isCounting) record.add(nowMs, netSpentMicros, 0);
  }

  async peek(subjects: readonly QuotaSubject[], nowMs: number): Promise<QuotaState> {
    this.#expireLeases(nowMs);
    return this.#state(subjects, this.#statesOf(subjects), nowMs);
  }

  async close(): Promise<void> {
    this.#subjects.clear();
    this.#leases.clear();
  }

  #statesOf(subjects: readonly QuotaSubject[]): SubjectState[] {
    const states: SubjectState[] = [];
    for (const subject of subjects) states.push(this.#subject(subject.id));
    return states;
  }

  #subject(id: string): SubjectState {
    let state = this.#subjects.get(id);
    if (!state) {
      state = new SubjectState();
      this.#subjects.set(id, state);
    }
    return state;
  }

  /** The first limit of the subject that refuses; refills its buckets to now on the way (unobservable). */
  #check(subject: QuotaSubject, state: SubjectState, request: AdmissionRequest): QuotaRefusal | null {
    const { nowMs, estimateMicros, estimateTokens } = request;
    const { budget, limits } = subject;
    if (budget && estimateMicros > 0) {
      const window = state.window(budget.period, nowMs);
      const record = state.records.get(window.id);
      const spent = record ? record.spentMicros(nowMs) + record.reservedMicros : 0;
      if (estimateMicros > budget.allowanceMicros - spent) {
        const granted = record ? record.grantedMicros(nowMs) : 0;
        return {
          kind: 'budget',
          subjectId: subject.id,
          limit: budget.allowanceMicros,
          retryAfterMs: window.endMs === null ? null : window.endMs - nowMs,
          neverFits: estimateMicros > budget.allowanceMicros + granted,
        };
      }
    }
    if (limits.tpm !== null) {
      state.tpm = refillBucket(state.tpm, limits.tpm, nowMs);
      const refusal = bucketRefusal('tpm', subject.id, state.tpm.level, limits.tpm, estimateTokens);
      if (refusal) return refusal;
    }
    if (limits.rpm !== null) {
      state.rpm = refillBucket(state.rpm, limits.rpm, nowMs);
      const refusal = bucketRefusal('rpm', subject.id, state.rpm.level, limits.rpm, 1);
      if (refusal) return refusal;
    }
    const concurrency = limits.concurrency;
    if (concurrency !== null && state.inFlight >= concurrency)
      return concurrencyRefusal(subject.id, concurrency);
    return null;
  }

  /** The most constrained subject of each kind; ties go to the first subject, as in the Lua. */
  #state(subjects: readonly QuotaSubject[], states: readonly SubjectState[], nowMs: number): QuotaState {
    let requests: SubjectState['rpm'] = null;
    let tokens: SubjectState['tpm'] = null;
    let budgetRemainingMicros: number | null = null;
    for (let index = 0; index < subjects.length; index++) {
      const subject = subjects[index]!;
      const state = states[index]!;
      const { rpm, tpm } = subject.limits;
      if (rpm !== null) {
        state.rpm = refillBucket(state.rpm, rpm, nowMs);
        if (!requests || remainingTokens(state.rpm.level) < remainingTokens(requests.level))
          requests = state.rpm;
      }
      if (tpm !== null) {
        state.tpm = refillBucket(state.tpm, tpm, nowMs);
        if (!tokens || remainingTokens(state.tpm.level) < remainingTokens(tokens.level)) tokens = state.tpm;
      }
      if (subject.budget) {
        const record = state.records.get(state.window(subject.budget.period, nowMs).id);
        const used = record ? record.spentMicros(nowMs) + record.reservedMicros : 0;
        const remaining = subject.budget.allowanceMicros - used;
        if (budgetRemainingMicros === null || remaining < budgetRemainingMicros)
          budgetRemainingMicros = remaining;
      }
    }
    return {
      requests: requests && toRateLimitState(requests.level, requests.capacity),
      tokens: tokens && toRateLimitState(tokens.level, tokens.capacity),
      budgetRemainingMicros,
    };
  }

  /** Frees the lease's concurrency slots and reservations (settle, or expiry). */
  #release(lease: Lease): void {
    const { states, records } = lease;
    const estimateMicros = lease.ticket.estimateMicros;
    for (let index = 0; index < states.length; index++) {
      states[index]!.inFlight--;
      const record = records[index];
      if (record) record.reservedMicros -= estimateMicros;
    }
  }

  #expireLeases(nowMs: number): void {
    if (nowMs < this.#nextExpiryMs) return;
    let nextExpiryMs = Number.POSITIVE_INFINITY;
    for (const [requestId, lease] of this.#leases) {
      if (lease.expiresAtMs <= nowMs) {
        this.#leases.delete(requestId);
        this.#release(lease);
      } else if (lease.expiresAtMs < nextExpiryMs) {
        nextExpiryMs = lease.expiresAtMs;
      }
    }
    this.#nextExpiryMs = nextExpiryMs;
  }
}

function remainingTokens(level: number): number {
  return Math.max(0, Math.floor(level / LEVEL_SCALE));
}
