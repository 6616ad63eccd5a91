import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { fromAuditEntry, toAuditEntry } from './audit-row-mapping.js';
import type { Database } from './database-schema.js';
import {
  clampPageSize,
  decodeKeysetCursor,
  isAfterKeysetCursor,
  type KeysetPage,
  toKeysetPage,
} from './keyset-page.js';
import type { AuditEntry, AuditQuery } from './store-types.js';

export async function appendAuditEntry(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(fromAuditEntry(entry)).execute();
}

/** Newest first; filters are exact matches and a [from, to) time range. */
export async function queryAudit(db: Kysely<Database>, query: AuditQuery): Promise<KeysetPage<AuditEntry>> {
  const limit = clampPageSize(query.limit);
  const cursor = query.cursor === undefined ? null : decodeKeysetCursor(query.cursor);
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where((expression) => {
      const conditions = auditFilterConditions(expression, query);
      if (cursor !== null) conditions.push(isAfterKeysetCursor('created_at', 'id', cursor));
      return expression.and(conditions);
    })
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toKeysetPage(rows, limit, toAuditEntry, (entry) => ({
    createdAtMs: entry.createdAtMs,
    id: entry.id,
  }));
}

function auditFilterConditions(
  expression: ExpressionBuilder<Database, 'audit_log'>,
  query: AuditQuery,
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (query.action !== undefined) conditions.push(expression('action', '=', query.action));
  if (query.targetType !== undefined) conditions.push(expression('target_type', '=', query.targetType));
  if (query.targetId !== undefined) conditions.push(expression('target_id', '=', query.targetId));
  if (query.fromMs !== undefined) conditions.push(expression('created_at', '>=', query.fromMs));
  if (query.toMs !== undefined) conditions.push(expression('created_at', '<', query.toMs));
  return conditions;
}
