import type { Insertable, Selectable } from 'kysely';
import type { AdminKeysTable, ApiKeysTable, UsageRecordsTable } from './database-schema.js';
import type {
  AdminKeyRow,
  AdminRole,
  ApiKeyRow,
  UsageRecord,
  UsageSource,
  UsageStatus,
} from './store-types.js';

// The one place where snake_case table rows meet the camelCase store types. Reads validate enum and JSON
// columns so a hand-edited or corrupted row fails loudly here instead of somewhere downstream.

const API_KEY_SOURCES: readonly ApiKeyRow['source'][] = ['api', 'config'];
const ADMIN_ROLES: readonly AdminRole[] = ['admin', 'viewer'];
const USAGE_STATUSES: readonly UsageStatus[] = [
  'ok',
  'invalid_request',
  'not_found',
  'upstream_error',
  'timeout',
  'cancelled',
  'error',
];
const USAGE_SOURCES: readonly UsageSource[] = ['upstream', 'estimated', 'none'];

function readEnum<T extends string>(value: string, allowed: readonly T[], column: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`Unexpected value in database column ${column}: ${JSON.stringify(value)}`);
}

function readModels(value: string | null): string[] | null {
  if (value === null) return null;
  const parsed: unknown = JSON.parse(value);
  if (Array.isArray(parsed) && parsed.every((model) => typeof model === 'string')) return parsed;
  throw new Error('Unexpected value in database column api_keys.models: not a JSON array of strings');
}

export function toApiKeyRow(row: Selectable<ApiKeysTable>): ApiKeyRow {
  return {
    id: row.id,
    name: row.name,
    keyHash: row.key_hash,
    keyHint: row.key_hint,
    models: readModels(row.models),
    source: readEnum(row.source, API_KEY_SOURCES, 'api_keys.source'),
    createdAtMs: row.created_at,
    revokedAtMs: row.revoked_at,
  };
}

export function fromApiKeyRow(row: ApiKeyRow): Insertable<ApiKeysTable> {
  return {
    id: row.id,
    name: row.name,
    key_hash: row.keyHash,
    key_hint: row.keyHint,
    models: fromModels(row.models),
    source: row.source,
    created_at: row.createdAtMs,
    revoked_at: row.revokedAtMs,
  };
}

export function fromModels(models: string[] | null): string | null {
  return models === null ? null : JSON.stringify(models);
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

export function toUsageRecord(row: Selectable<UsageRecordsTable>): UsageRecord {
  return {
    requestId: row.request_id,
    createdAtMs: row.created_at,
    keyId: row.key_id,
    keyName: row.key_name,
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
  };
}

export function fromUsageRecord(record: UsageRecord): Insertable<UsageRecordsTable> {
  return {
    request_id: record.requestId,
    created_at: record.createdAtMs,
    key_id: record.keyId,
    key_name: record.keyName,
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
  };
}
