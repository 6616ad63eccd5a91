import type { AuditQuery } from '../store/store-types.js';
import { type QueryObject, readQueryLimit, readQueryText, readQueryTime } from './query-params.js';

/** `/admin/audit?action=&target_type=&target_id=&from=&to=&limit=&cursor=`. */
export function parseAuditQuery(query: QueryObject): AuditQuery {
  const result: AuditQuery = {};
  const action = readQueryText(query, 'action');
  if (action) result.action = action;
  const targetType = readQueryText(query, 'target_type');
  if (targetType) result.targetType = targetType;
  const targetId = readQueryText(query, 'target_id');
  if (targetId) result.targetId = targetId;
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
