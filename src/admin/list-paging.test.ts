import { describe, expect, it } from 'vitest';
import { pageByCreation } from './list-paging.js';

const rows = [
  { id: 'b', createdAtMs: 2 },
  { id: 'a', createdAtMs: 1 },
  { id: 'c', createdAtMs: 2 },
  { id: 'd', createdAtMs: 3 },
];

describe('pageByCreation', () => {
  it('walks the list oldest first, page by page, to the end', () => {
    const first = pageByCreation(rows, { limit: 2, cursor: null });
    expect(first.data.map((row) => row.id)).toEqual(['a', 'b']);
    const second = pageByCreation(rows, { limit: 2, cursor: first.nextCursor });
    expect(second.data.map((row) => row.id)).toEqual(['c', 'd']);
    expect(second.nextCursor).toBeNull();
  });

  it('stays correct when the row under the cursor is gone', () => {
    const first = pageByCreation(rows, { limit: 2, cursor: null });
    const rest = pageByCreation(
      rows.filter((row) => row.id !== 'b'),
      { limit: 10, cursor: first.nextCursor },
    );
    expect(rest.data.map((row) => row.id)).toEqual(['c', 'd']);
  });

  it('refuses a cursor it did not make', () => {
    expect(() => pageByCreation(rows, { limit: 2, cursor: 'bm9wZQ' })).toThrow(
      expect.objectContaining({ param: 'cursor' }),
    );
  });
});
