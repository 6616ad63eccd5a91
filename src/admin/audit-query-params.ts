import type { AuditQuery } from '../store/store-types.js';
import { type QueryObject, readQueryPage, readQueryTexts, readQueryTimeRange } from './query-params.js';

/** `/admin/audit?action=&target_type=&target_id=&from=&to=&limit=&cursor=`. */
export function parseAuditQuery(query: QueryObject): AuditQuery {
  return {
    ...readQueryTexts(query, { action: 'action', targetType: 'target_type', targetId: 'target_id' }),
    ...readQueryTimeRange(query),
    ...readQueryPage(query),
  };
}
