import type { Store } from '../store/store.js';
import type { UsageQuery, UsageRecord } from '../store/store-types.js';
import { toCsvLine, toCsvLines } from './csv.js';
import { toUsageView } from './usage-query-params.js';

type UsageView = ReturnType<typeof toUsageView>;

const EXPORT_PAGE_SIZE = 1000;

const SAMPLE_RECORD: UsageRecord = {
  requestId: '',
  createdAtMs: 0,
  keyId: null,
  keyName: null,
  teamId: null,
  endpoint: '',
  model: '',
  servedModel: null,
  channel: null,
  stream: false,
  status: 'ok',
  httpStatus: 200,
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  reasoningTokens: 0,
  totalTokens: 0,
  usageSource: 'none',
  latencyMs: 0,
  ttftMs: null,
  errorCode: null,
  errorMessage: null,
  costMicros: 0,
  attempts: 0,
};

/** The CSV columns are the JSON view's fields in its order, taken from the view so the two never drift. */
export const USAGE_CSV_COLUMNS = Object.keys(toUsageView(SAMPLE_RECORD)) as (keyof UsageView & string)[];

/**
 * Every usage record matching the filters (limit and cursor are ignored), as CSV chunks of up to 1000 rows
 * read page by page through the keyset cursor, so an export of millions of rows never sits in memory.
 * The first page is read before this returns: a bad filter is still an ordinary 400, not a broken download.
 */
export async function exportUsageCsv(store: Store, query: UsageQuery): Promise<AsyncIterable<string>> {
  const { cursor: _cursor, ...filter } = { ...query, limit: EXPORT_PAGE_SIZE };
  const first = await store.queryUsage(filter);
  return (async function* () {
    yield toCsvLine(USAGE_CSV_COLUMNS);
    let page = first;
    for (;;) {
      if (page.data.length > 0) yield toCsvLines(USAGE_CSV_COLUMNS, page.data.map(toUsageView));
      if (page.nextCursor === null) return;
      page = await store.queryUsage({ ...filter, cursor: page.nextCursor });
    }
  })();
}
