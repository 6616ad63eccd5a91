import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from './database-schema.js';
import type { UsageQuery } from './store-types.js';

export type UsageExpressionBuilder = ExpressionBuilder<Database, 'usage_records'>;

/** The conditions of a usage filter, shared by paging, counting and summaries; time range is [from, to). */
export function usageFilterConditions(
  expression: UsageExpressionBuilder,
  query: Omit<UsageQuery, 'limit' | 'cursor'>,
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (query.requestId !== undefined) conditions.push(expression('request_id', '=', query.requestId));
  if (query.keyId !== undefined) conditions.push(expression('key_id', '=', query.keyId));
  if (query.teamId !== undefined) conditions.push(expression('team_id', '=', query.teamId));
  if (query.model !== undefined) conditions.push(expression('model', '=', query.model));
  if (query.channel !== undefined) conditions.push(expression('channel', '=', query.channel));
  if (query.status !== undefined) conditions.push(expression('status', '=', query.status));
  if (query.fromMs !== undefined) conditions.push(expression('created_at', '>=', query.fromMs));
  if (query.toMs !== undefined) conditions.push(expression('created_at', '<', query.toMs));
  return conditions;
}
