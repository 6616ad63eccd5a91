import { InvalidRequestError } from '../api/gateway-error.js';
import { type QueryObject, readQueryPage } from './query-params.js';

/**
 * Keyset paging over a list already in memory. Teams and keys number in the thousands at most, so the
 * admin API loads the whole (filtered) list and pages it here rather than in SQL; the cursor is the
 * (created_at, id) of the last row, so a page stays correct while rows are added or removed.
 */
export interface PageRequest {
  limit: number;
  cursor: string | null;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 100;

export function readPageRequest(query: QueryObject): PageRequest {
  const page = readQueryPage(query);
  return { limit: page.limit ?? DEFAULT_PAGE_SIZE, cursor: page.cursor ?? null };
}

/** Oldest first by (createdAtMs, id); the page after the cursor's row. */
export function pageByCreation<T extends { createdAtMs: number; id: string }>(
  items: readonly T[],
  request: PageRequest,
): Page<T> {
  const sorted = [...items].sort(
    (left, right) => left.createdAtMs - right.createdAtMs || compareText(left.id, right.id),
  );
  let start = 0;
  if (request.cursor !== null) {
    const after = decodeCursor(request.cursor);
    start = sorted.findIndex(
      (item) =>
        item.createdAtMs > after.createdAtMs ||
        (item.createdAtMs === after.createdAtMs && compareText(item.id, after.id) > 0),
    );
    if (start === -1) start = sorted.length;
  }
  const data = sorted.slice(start, start + request.limit);
  const last = data.at(-1);
  const hasMore = start + request.limit < sorted.length;
  return { data, nextCursor: hasMore && last ? encodeCursor(last) : null };
}

// Plain code-unit order, the same on every machine (localeCompare is not).
function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function encodeCursor(item: { createdAtMs: number; id: string }): string {
  return Buffer.from(JSON.stringify([item.createdAtMs, item.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAtMs: number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { createdAtMs: value[0] as number, id: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidRequestError("'cursor' is not a cursor this list returned.", 'cursor');
}
