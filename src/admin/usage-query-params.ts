import { formatMicros } from '../api/money.js';
import type {
  UsageBucket,
  UsageGroup,
  UsageQuery,
  UsageRecord,
  UsageStatus,
  UsageSummaryQuery,
} from '../store/store-types.js';
import {
  type QueryObject,
  readQueryEnum,
  readQueryPage,
  readQueryTexts,
  readQueryTimeRange,
} from './query-params.js';

const STATUSES: readonly UsageStatus[] = [
  'ok',
  'invalid_request',
  'not_found',
  'upstream_error',
  'timeout',
  'cancelled',
  'rate_limited',
  'quota_exceeded',
  'error',
];

/**
 * `/admin/usage?key_id=&team_id=&model=&channel=&status=&from=&to=&limit=&cursor=`; times as ISO 8601
 * or Unix ms.
 */
export function parseUsageQuery(query: QueryObject): UsageQuery {
  return { ...parseUsageFilter(query), ...readQueryPage(query) };
}

/**
 * `/admin/usage/summary?bucket=minute|hour|day|all&group_by=model|key|team|none` plus the filters of
 * /admin/usage. `bucket=all&group_by=none` is one row over the whole range (the console's totals tiles).
 */
export function parseUsageSummaryQuery(query: QueryObject): UsageSummaryQuery {
  return {
    filter: parseUsageFilter(query),
    bucket: readQueryEnum<UsageBucket>(query, 'bucket', ['minute', 'hour', 'day', 'all']) ?? 'day',
    groupBy: readQueryEnum<UsageGroup>(query, 'group_by', ['model', 'key', 'team', 'none']) ?? 'model',
  };
}

function parseUsageFilter(query: QueryObject): Omit<UsageQuery, 'limit' | 'cursor'> {
  const filter: Omit<UsageQuery, 'limit' | 'cursor'> = readQueryTexts(query, {
    requestId: 'request_id',
    keyId: 'key_id',
    teamId: 'team_id',
    model: 'model',
    channel: 'channel',
  });
  const status = readQueryEnum(query, 'status', STATUSES);
  if (status) filter.status = status;
  return { ...filter, ...readQueryTimeRange(query) };
}

/** The admin API's snake_case view of a usage record (also the column order of the CSV export). */
export function toUsageView(record: UsageRecord) {
  return {
    request_id: record.requestId,
    created_at: new Date(record.createdAtMs).toISOString(),
    key_id: record.keyId,
    key_name: record.keyName,
    team_id: record.teamId,
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
    cost: formatMicros(record.costMicros),
    cost_micros: record.costMicros,
    attempts: record.attempts,
    error_code: record.errorCode,
    error_message: record.errorMessage,
  };
}
