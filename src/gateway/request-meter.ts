import type { ChatRequest, Usage } from '../api/chat-types.js';
import type { EmbeddingRequest } from '../api/embedding-types.js';
import { GatewayError, UpstreamError } from '../api/gateway-error.js';
import type { UsageRecord, UsageSource, UsageStatus } from '../store/store-types.js';
import { approximateEmbeddingTokens, countEmbeddingTokens } from './estimate-embedding-tokens.js';
import {
  approximatePromptTokens,
  approximateTokens,
  countTextTokens,
  estimatePromptTokens,
} from './estimate-tokens.js';
import type { AuthenticatedKey } from './key-cache.js';
import type { QuotaState } from './quota/quota-types.js';
import type { RequestCharge } from './request-charge.js';

/** Where finished records go: the batch writer's synchronous, O(1) enqueue. */
export interface UsageSink {
  enqueue(record: UsageRecord): void;
}

/** Request and response bodies kept for a key or team with prompt logging on, bounded in size. */
interface BodyLog {
  retentionDays: number;
  request: string;
  response: string[];
  responseChars: number;
}

/** Bodies beyond this are cut: prompt logging is for reading requests, not for archiving media. */
const MAX_LOGGED_BODY_CHARS = 1_000_000;
const DAY_MS = 86_400_000;

/**
 * Collects what one request did and writes exactly one usage record for it, whatever path it
 * ends on (success, upstream error, timeout, client disconnect, shutdown).
 */
export class RequestMeter {
  model = '';
  servedModel: string | null = null;
  channel: string | null = null;
  stream = false;
  /** What was sent, to estimate prompt tokens when no upstream count arrives: a chat request… */
  request: ChatRequest | null = null;
  /**
   * …or an embedding request. Two fields, not one guessed from field names: validated requests keep
   * unknown fields, so an embedding request may well carry a `messages` field of any shape.
   */
  embeddingRequest: EmbeddingRequest | null = null;
  /** Upstream attempts made (failover included); 0 when the request never reached an upstream. */
  attempts = 0;
  /** Set once the quota gate has priced (and maybe reserved) the request. */
  charge: RequestCharge | null = null;
  /** What the rate-limit and budget headers report; set by the quota gate. */
  quotaState: QuotaState | null = null;
  private bodyLog: BodyLog | null = null;
  private usage: Usage | null = null;
  private usageSource: UsageSource = 'upstream';
  private ttftMs: number | null = null;
  /** Text produced so far, kept only to estimate completion tokens if the upstream sends no usage. */
  private readonly producedText: string[] = [];
  private finished: Promise<void> | null = null;

  constructor(
    private readonly sink: UsageSink,
    readonly requestId: string,
    readonly key: AuthenticatedKey | null,
    readonly endpoint: string,
    private readonly startedAt: number,
    private readonly createdAtMs: number,
    private readonly now: () => number,
  ) {}

  markFirstToken(): void {
    if (this.ttftMs === null) this.ttftMs = this.now() - this.startedAt;
  }

  /** The request's token counts: the upstream's own, or counted by OPT (`estimated`) when it sent none. */
  recordUsage(usage: Usage, source: UsageSource = 'upstream'): void {
    this.usage = usage;
    this.usageSource = source;
  }

  recordProducedText(text: string): void {
    if (text.length > 0) this.producedText.push(text);
  }

  /** Turns prompt logging on for this request (the key's or team's setting). */
  logBodies(retentionDays: number, requestBody: string): void {
    this.bodyLog = {
      retentionDays,
      request: requestBody.slice(0, MAX_LOGGED_BODY_CHARS),
      response: [],
      responseChars: 0,
    };
  }

  get isLoggingBodies(): boolean {
    return this.bodyLog !== null;
  }

  /** A response body, or one streamed chunk's JSON; ignored unless prompt logging is on. */
  logResponsePart(text: string): void {
    const log = this.bodyLog;
    if (!log || log.responseChars >= MAX_LOGGED_BODY_CHARS) return;
    const part = text.slice(0, MAX_LOGGED_BODY_CHARS - log.responseChars);
    log.response.push(part);
    log.responseChars += part.length;
  }

  /** The cost of this usage for this request, or null when the model has no price. */
  costOfUsage(usage: Usage): number | null {
    if (!this.charge?.isPriced) return null;
    return this.charge.costOf({
      promptTokens: usage.prompt_tokens ?? 0,
      cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
      completionTokens: usage.completion_tokens ?? 0,
    });
  }

  get hasUsage(): boolean {
    return this.usage !== null;
  }

  succeed(): Promise<void> {
    return this.finish('ok', 200, null);
  }

  fail(error: GatewayError): Promise<void> {
    return this.finish(statusOf(error), error.status, error);
  }

  /**
   * Resolves once the record is queued. A request that ends with no outcome recorded (a path
   * nobody metered) counts as cancelled, so no request goes unrecorded.
   */
  settled(): Promise<void> {
    return (
      this.finished ??
      this.fail(new GatewayError('client_closed_request', 'The request ended without a result.'))
    );
  }

  /**
   * Idempotent: the first outcome wins, later calls return the same promise. The record is queued
   * synchronously when the counts are known (the common case); only a tokenizer estimate waits.
   */
  private finish(status: UsageStatus, httpStatus: number, error: GatewayError | null): Promise<void> {
    if (this.finished) return this.finished;
    const latencyMs = this.now() - this.startedAt;
    const known = this.exactCounts(status) ?? (status === 'ok' ? null : this.approximateCounts());
    if (known) {
      this.finished = this.record(status, httpStatus, error, latencyMs, known);
    } else {
      this.finished = this.estimateCounts().then((counts) =>
        this.record(status, httpStatus, error, latencyMs, counts),
      );
    }
    return this.finished;
  }

  /**
   * Queues the record and settles the reservation with the same cost, so record and ledger agree.
   * Resolves when the quota store has settled (the request's slot is free again).
   */
  private record(
    status: UsageStatus,
    httpStatus: number,
    error: GatewayError | null,
    latencyMs: number,
    counts: TokenCounts,
  ): Promise<void> {
    const costMicros = this.charge ? this.charge.costOf(counts) : 0;
    this.sink.enqueue(this.toRecord(status, httpStatus, error, latencyMs, counts, costMicros));
    return this.charge?.settle(costMicros, counts) ?? RESOLVED;
  }

  private toRecord(
    status: UsageStatus,
    httpStatus: number,
    error: GatewayError | null,
    latencyMs: number,
    counts: TokenCounts,
    costMicros: number,
  ): UsageRecord {
    const record: UsageRecord = {
      requestId: this.requestId,
      createdAtMs: this.createdAtMs,
      keyId: this.key?.id ?? null,
      keyName: this.key?.name ?? null,
      teamId: this.key?.team?.id ?? null,
      endpoint: this.endpoint,
      model: this.model,
      servedModel: this.servedModel,
      channel: this.channel,
      stream: this.stream,
      status,
      httpStatus,
      ...counts,
      latencyMs: Math.round(latencyMs),
      ttftMs: this.ttftMs === null ? null : Math.round(this.ttftMs),
      errorCode: error ? (error.wireCode ?? error.code) : null,
      errorMessage: error ? error.message.slice(0, 500) : null,
      costMicros,
      attempts: this.attempts,
    };
    const log = this.bodyLog;
    if (log) {
      record.bodies = {
        request: log.request,
        response: log.response.join('\n'),
        expiresAtMs: this.createdAtMs + log.retentionDays * DAY_MS,
      };
    }
    return record;
  }

  /** The upstream's own counts, or zero when no upstream did any work; null when an estimate is needed. */
  private exactCounts(status: UsageStatus): TokenCounts | null {
    const usage = this.usage;
    if (usage) {
      const promptTokens = usage.prompt_tokens ?? 0;
      const completionTokens = usage.completion_tokens ?? 0;
      return {
        promptTokens,
        completionTokens,
        cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
        reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
        totalTokens: usage.total_tokens ?? promptTokens + completionTokens,
        usageSource: this.usageSource,
      };
    }
    // Count only work an upstream did: a success without usage, a request cut off (client gone,
    // timeout) or a stream that failed after producing text. Refusals (4xx/5xx) and requests that
    // never reached an upstream cost nothing.
    const upstreamWorked =
      status === 'ok' || status === 'cancelled' || status === 'timeout' || this.producedText.length > 0;
    if (this.channel === null || !upstreamWorked || (!this.request && !this.embeddingRequest))
      return NO_TOKENS;
    return null;
  }

  /** A request cut off before the upstream's count: a cheap estimate of what was sent and produced. */
  private approximateCounts(): TokenCounts {
    const promptTokens = this.embeddingRequest
      ? approximateEmbeddingTokens(this.embeddingRequest.input)
      : this.request
        ? approximatePromptTokens(this.request)
        : 0;
    return estimatedCounts(promptTokens, approximateTokens(this.producedText.join('')));
  }

  /** A finished answer whose upstream sent no usage: counted with the tokenizer, as exactly as we can. */
  private async estimateCounts(): Promise<TokenCounts> {
    const promptTokens = this.embeddingRequest
      ? await countEmbeddingTokens(this.embeddingRequest.input)
      : this.request
        ? await estimatePromptTokens(this.request)
        : 0;
    return estimatedCounts(promptTokens, await countTextTokens(this.producedText.join('')));
  }
}

function estimatedCounts(promptTokens: number, completionTokens: number): TokenCounts {
  return {
    promptTokens,
    completionTokens,
    cachedTokens: 0,
    reasoningTokens: 0,
    totalTokens: promptTokens + completionTokens,
    usageSource: 'estimated',
  };
}

type TokenCounts = Pick<
  UsageRecord,
  'promptTokens' | 'completionTokens' | 'cachedTokens' | 'reasoningTokens' | 'totalTokens' | 'usageSource'
>;

const NO_TOKENS: TokenCounts = {
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  reasoningTokens: 0,
  totalTokens: 0,
  usageSource: 'none',
};

const RESOLVED: Promise<void> = Promise.resolve();

function statusOf(error: GatewayError): UsageStatus {
  switch (error.code) {
    case 'invalid_request':
    case 'invalid_json':
    case 'context_length_exceeded':
    case 'request_too_large':
      return error instanceof UpstreamError ? 'upstream_error' : 'invalid_request';
    case 'model_not_found':
      return 'not_found';
    case 'local_rate_limit':
      return 'rate_limited';
    case 'insufficient_quota':
      return error instanceof UpstreamError ? 'upstream_error' : 'quota_exceeded';
    case 'upstream_timeout':
      return 'timeout';
    case 'client_closed_request':
      return 'cancelled';
    case 'upstream_error':
    case 'upstream_unavailable':
    case 'rate_limit_exceeded':
      return 'upstream_error';
    default:
      return error instanceof UpstreamError ? 'upstream_error' : 'error';
  }
}
