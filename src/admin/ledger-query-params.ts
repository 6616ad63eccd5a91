import type { LedgerEntryKind, LedgerQuery } from '../store/store-types.js';
import {
  type QueryObject,
  readQueryEnum,
  readQueryPage,
  readQueryTexts,
  readQueryTimeRange,
} from './query-params.js';

const KINDS: readonly LedgerEntryKind[] = ['charge', 'grant', 'reset'];

/** `/admin/ledger?key_id=&team_id=&kind=&from=&to=&limit=&cursor=` (totals ignore limit and cursor). */
export function parseLedgerQuery(query: QueryObject): LedgerQuery {
  const result: LedgerQuery = readQueryTexts(query, { keyId: 'key_id', teamId: 'team_id' });
  const kind = readQueryEnum(query, 'kind', KINDS);
  if (kind) result.kind = kind;
  return { ...result, ...readQueryTimeRange(query), ...readQueryPage(query) };
}
