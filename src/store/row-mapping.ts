import type { Insertable, Selectable } from 'kysely';
import { fromStringArray, readEnum, readStringArray } from './column-values.js';
import type { AdminKeysTable, ApiKeysTable, UsageRecordsTable } from './database-schema.js';
import { fromSettings, toSettings } from './settings-columns.js';
import type {
  AdminKeyRow,
  AdminRole,
  ApiKeyRow,
  RowSource,
  UsageRecord,
  UsageSource,
  UsageStatus,
} from './store-types.js';

// Where snake_case key and usage rows meet the camelCase store types; teams, prices, ledger and audit
// rows have their own mapping files.

export const ROW_SOURCES: readonly RowSource[] = ['api', 'config'];
const ADMIN_ROLES: readonly AdminRole[] = ['admin', 'viewer'];
const USAGE_STATUSES: readonly UsageStatus[] = [
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
const USAGE_SOURCES: readonly UsageSource[] = ['upstream', 'estimated', 'none'];

export function toApiKeyRow(row: Selectable<ApiKeysTable>): ApiKeyRow {
  return {
    id: row.id,
    name: row.name,
    keyHash: row.key_hash,
    keyHint: row.key_hint,
    models: readStringArray(row.models, 'api_keys.models'),
    source: readEnum(row.source, ROW_SOURCES, 'api_keys.source'),
    createdAtMs: row.created_at,
    revokedAtMs: row.revoked_at,
    teamId: row.team_id,
    ...toSettings(row, 'api_keys'),
    expiresAtMs: row.expires_at,
    allowIps: readStringArray(row.allow_ips, 'api_keys.allow_ips'),
    disabledAtMs: row.disabled_at,
    updatedAtMs: row.updated_at,
  };
}

export function fromApiKeyRow(row: ApiKeyRow): Insertable<ApiKeysTable> {
  return {
    id: row.id,
    key_hash: row.keyHash,
    key_hint: row.keyHint,
    source: row.source,
    created_at: row.createdAtMs,
    revoked_at: row.revokedAtMs,
    ...fromMutableApiKeyFields(row),
  };
}

/** The columns `updateApiKey` replaces: everything but id, hash, hint, source, creation and revocation. */
export function fromMutableApiKeyFields(row: ApiKeyRow) {
  return {
    name: row.name,
    models: fromStringArray(row.models),
    team_id: row.teamId,
    ...fromSettings(row),
    expires_at: row.expiresAtMs,
    allow_ips: fromStringArray(row.allowIps),
    disabled_at: row.disabledAtMs,
    updated_at: row.updatedAtMs,
  } satisfies Partial<Insertable<ApiKeysTable>>;
}

export function toAdminKeyRow(row: Selectable<AdminKeysTable>): AdminKeyRow {
  return {
    id: row.id,
    name: row.name,
    keyHash: row.key_hash,
    keyHint: row.key_hint,
    role: readEnum(row.role, ADMIN_ROLES, 'admin_keys.role'),
    createdAtMs: row.created_at,
    revokedAtMs: row.revoked_at,
  };
}

export function fromAdminKeyRow(row: AdminKeyRow): Insertable<AdminKeysTable> {
  return {
    id: row.id,
    name: row.name,
    key_hash: row.keyHash,
    key_hint: row.keyHint,
    role: row.role,
    created_at: row.createdAtMs,
    revoked_at: row.revokedAtMs,
  };
}

/** Logged bodies live in `request_bodies`, so the record read back never has `bodies`. */
export function toUsageRecord(row: Selectable<UsageRecordsTable>): UsageRecord {
  return {
    requestId: row.request_id,
    createdAtMs: row.created_at,
    keyId: row.key_id,
    keyName: row.key_name,
    teamId: row.team_id,
    endpoint: row.endpoint,
    model: row.model,
    servedModel: row.served_model,
    channel: row.channel,
    stream: row.stream !== 0,
    status: readEnum(row.status, USAGE_STATUSES, 'usage_records.status'),
    httpStatus: row.http_status,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    cachedTokens: row.cached_tokens,
    reasoningTokens: row.reasoning_tokens,
    totalTokens: row.total_tokens,
    usageSource: readEnum(row.usage_source, USAGE_SOURCES, 'usage_records.usage_source'),
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    costMicros: row.cost_micros,
    attempts: row.attempts,
  };
}

/** Every column of the row and nothing else: the SQLite fast path derives its column list from it. */
export function fromUsageRecord(record: UsageRecord): Insertable<UsageRecordsTable> {
  return {
    request_id: record.requestId,
    created_at: record.createdAtMs,
    key_id: record.keyId,
    key_name: record.keyName,
    team_id: record.teamId,
    endpoint: record.endpoint,
    model: record.model,
    served_model: record.servedModel,
    channel: record.channel,
    stream: record.stream ? 1 : 0,
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
    cost_micros: record.costMicros,
    attempts: record.attempts,
  };
}
