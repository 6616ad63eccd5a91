/** Rows and filters the store exposes. Timestamps are Unix milliseconds; money (later) is integer micros. */

export interface ApiKeyRow {
  id: string;
  name: string;
  /** Hex SHA-256 of the full key; the key itself is never stored. */
  keyHash: string;
  /** A masked form safe to show and log, e.g. `sk-opt-…a1b2`. */
  keyHint: string;
  /** Allowed public model ids; null means every model. */
  models: string[] | null;
  /** Where the key came from: the admin API/CLI, or the YAML config (name is then the config's name). */
  source: 'api' | 'config';
  createdAtMs: number;
  revokedAtMs: number | null;
}

export type AdminRole = 'admin' | 'viewer';

export interface AdminKeyRow {
  id: string;
  name: string;
  keyHash: string;
  keyHint: string;
  role: AdminRole;
  createdAtMs: number;
  revokedAtMs: number | null;
}

export type UsageStatus =
  | 'ok'
  | 'invalid_request'
  | 'not_found'
  | 'upstream_error'
  | 'timeout'
  | 'cancelled'
  | 'error';

/** Where the token counts came from: the upstream's own usage, or OPT's tokenizer when it sent none. */
export type UsageSource = 'upstream' | 'estimated' | 'none';

/** One record per authenticated request. `requestId` is the primary key: a request is recorded once. */
export interface UsageRecord {
  requestId: string;
  createdAtMs: number;
  keyId: string | null;
  keyName: string | null;
  endpoint: string;
  /** The public model id the client asked for. */
  model: string;
  /** The model the upstream reported serving (may be a dated snapshot), when known. */
  servedModel: string | null;
  channel: string | null;
  stream: boolean;
  status: UsageStatus;
  httpStatus: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  totalTokens: number;
  usageSource: UsageSource;
  latencyMs: number;
  /** Time to first token (first content/tool delta reaching the client); null when none was sent. */
  ttftMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface UsageQuery {
  keyId?: string;
  model?: string;
  channel?: string;
  status?: UsageStatus;
  fromMs?: number;
  toMs?: number;
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface UsagePage {
  data: UsageRecord[];
  nextCursor: string | null;
}
