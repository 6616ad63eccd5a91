import { InvalidRequestError } from '../api/gateway-error.js';
import type { UsageQuery, UsageRecord, UsageStatus } from '../store/store-types.js';

const STATUSES: ReadonlySet<string> = new Set<UsageStatus>([
  'ok',
  'invalid_request',
  'not_found',
  'upstream_error',
  'timeout',
  'cancelled',
  'error',
]);

/** `/admin/usage?key_id=&model=&channel=&status=&from=&to=&limit=&cursor=`; times as ISO 8601 or Unix ms. */
export function parseUsageQuery(query: Record<string, unknown>): UsageQuery {
  const result: UsageQuery = {};
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' || value.length > 256)
      throw new InvalidRequestError(`Invalid '${name}'.`, name);
    return value;
  };
  const keyId = text('key_id');
  if (keyId) result.keyId = keyId;
  const model = text('model');
  if (model) result.model = model;
  const channel = text('channel');
  if (channel) result.channel = channel;
  const status = text('status');
  if (status) {
    if (!STATUSES.has(status)) {
      throw new InvalidRequestError(`'status' must be one of ${[...STATUSES].join(', ')}.`, 'status');
    }
    result.status = status as UsageStatus;
  }
  const from = text('from');
  if (from) result.fromMs = parseTime(from, 'from');
  const to = text('to');
  if (to) result.toMs = parseTime(to, 'to');
  const limit = text('limit');
  if (limit) {
    const value = Number(limit);
    if (!Number.isInteger(value) || value < 1 || value > 1000) {
      throw new InvalidRequestError("'limit' must be an integer from 1 to 1000.", 'limit');
    }
    result.limit = value;
  }
  const cursor = text('cursor');
  if (cursor) result.cursor = cursor;
  return result;
}

function parseTime(value: string, param: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new InvalidRequestError(`'${param}' must be an ISO 8601 time or Unix milliseconds.`, param);
  return ms;
}

/** The admin API's snake_case view of a usage record. */
export function toUsageView(record: UsageRecord) {
  return {
    request_id: record.requestId,
    created_at: new Date(record.createdAtMs).toISOString(),
    key_id: record.keyId,
    key_name: record.keyName,
    endpoint: record.endpoint,
    model: record.model,
    served_model: record.servedModel,
    channel: record.channel,
    stream: record.stream,
    status: record.status,
    http_status: record.httpStatus,
    prompt_tokens: record.promptTokens,
    completion_tokens: record.completionTokens,
    cached_tokens: record.cachedTokens,
    reasoning_tokens: record.reasoningTokens,
    total_tokens: record.totalTokens,
    usage_source: record.usageSource,
    latency_ms: record.latencyMs,
    ttft_ms: record.ttftMs,
    error_code: record.errorCode,
    error_message: record.errorMessage,
  };
}
