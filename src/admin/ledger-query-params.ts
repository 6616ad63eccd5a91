import type { LedgerEntryKind, LedgerQuery } from '../store/store-types.js';
import {
  type QueryObject,
  readQueryEnum,
  readQueryLimit,
  readQueryText,
  readQueryTime,
} from './query-params.js';

const KINDS: readonly LedgerEntryKind[] = ['charge', 'grant', 'reset'];

/** `/admin/ledger?key_id=&team_id=&kind=&from=&to=&limit=&cursor=` (totals ignore limit and cursor). */
export function parseLedgerQuery(query: QueryObject): LedgerQuery {
  const result: LedgerQuery = {};
  const keyId = readQueryText(query, 'key_id');
  if (keyId) result.keyId = keyId;
  const teamId = readQueryText(query, 'team_id');
  if (teamId) result.teamId = teamId;
  const kind = readQueryEnum(query, 'kind', KINDS);
  if (kind) result.kind = kind;
  const fromMs = readQueryTime(query, 'from');
  if (fromMs !== undefined) result.fromMs = fromMs;
  const toMs = readQueryTime(query, 'to');
  if (toMs !== undefined) result.toMs = toMs;
  const limit = readQueryLimit(query);
  if (limit !== undefined) result.limit = limit;
  const cursor = readQueryText(query, 'cursor');
  if (cursor) result.cursor = cursor;
  return result;
}
