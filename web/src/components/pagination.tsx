import { useCallback, useState } from 'react';
import { useI18n } from '../i18n/i18n';

export interface CursorPaging {
  /** Pass as the `cursor` query parameter (null: the first page). */
  cursor: string | null;
  /** 1-based page number, for display. */
  page: number;
  hasPrevious: boolean;
  previous(): void;
  /** Moves to the page after this one, given the list answer's `next_cursor`. */
  next(nextCursor: string): void;
  /** Back to the first page (after a filter or search changes). */
  reset(): void;
}

/**
 * Keyset paging over the admin API's `next_cursor`: a stack of the cursors seen, so Previous works
 * although the API only goes forward.
 */
export function useCursorPaging(): CursorPaging {
  const [stack, setStack] = useState<Array<string | null>>([null]);
  const previous = useCallback(
    () => setStack((current) => (current.length > 1 ? current.slice(0, -1) : current)),
    [],
  );
  const next = useCallback((cursor: string) => setStack((current) => [...current, cursor]), []);
  const reset = useCallback(() => setStack([null]), []);
  return {
    cursor: stack[stack.length - 1] ?? null,
    page: stack.length,
    hasPrevious: stack.length > 1,
    previous,
    next,
    reset,
  };
}

/** Previous / page n / Next under a table. `nextCursor` is the list answer's `next_cursor`. */
export function Pagination({
  paging,
  nextCursor,
}: {
  paging: CursorPaging;
  nextCursor: string | null | undefined;
}) {
  const { t } = useI18n();
  return (
    <nav className="pagination" aria-label={t('common.pagination')}>
      <button type="button" className="button" onClick={paging.previous} disabled={!paging.hasPrevious}>
        {t('common.previous')}
      </button>
      <span className="muted">{t('common.page', { page: paging.page })}</span>
      <button
        type="button"
        className="button"
        onClick={() => nextCursor && paging.next(nextCursor)}
        disabled={!nextCursor}
      >
        {t('common.next')}
      </button>
    </nav>
  );
}
