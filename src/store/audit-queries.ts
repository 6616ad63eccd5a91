import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { fromAuditEntry, toAuditEntry } from './audit-row-mapping.js';
import type { Database } from './database-schema.js';
import { type KeysetPage, selectKeysetPage } from './keyset-page.js';
import type { AuditEntry, AuditQuery } from './store-types.js';

export async function appendAuditEntry(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(fromAuditEntry(entry)).execute();
}

/** Newest first; filters are exact matches and a [from, to) time range. */
export function queryAudit(db: Kysely<Database>, query: AuditQuery): Promise<KeysetPage<AuditEntry>> {
  const rows = db
    .selectFrom('audit_log')
    .selectAll()
    .where((expression) => expression.and(auditFilterConditions(expression, query)));
  return selectKeysetPage(rows, query, { idColumn: 'id', toItem: toAuditEntry, idOf: (entry) => entry.id });
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
