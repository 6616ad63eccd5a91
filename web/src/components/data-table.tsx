import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { EmptyState } from './empty-state';

export interface Column<T> {
  /** Unique per table; also the React key of the cells. */
  key: string;
  header: ReactNode;
  render(row: T): ReactNode;
  /** CSS width (`'120px'`, `'20%'`); fixed widths keep columns still while data loads. */
  width?: string;
  align?: 'left' | 'right' | 'center';
}

/**
 * A table of rows. `rows === undefined` is loading: `skeletonRows` grey rows of the same height as
 * real ones, so nothing jumps when the data arrives. An empty array shows `empty` (or a default).
 * With `onRowClick`, rows are focusable and open with Enter too.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  empty,
  skeletonRows = 5,
  onRowClick,
  caption,
}: {
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[] | undefined;
  rowKey(row: T): string;
  empty?: ReactNode;
  skeletonRows?: number;
  onRowClick?(row: T): void;
  /** For screen readers; visually hidden. */
  caption?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table">
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} style={{ width: column.width, textAlign: column.align }} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody aria-busy={rows === undefined ? true : undefined}>
          {rows === undefined &&
            Array.from({ length: skeletonRows }, (_, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity.
              <tr key={index} className="skeleton-row">
                {columns.map((column) => (
                  <td key={column.key}>
                    <span className="skeleton" />
                  </td>
                ))}
              </tr>
            ))}
          {rows?.map((row) => (
            <tr
              key={rowKey(row)}
              className={onRowClick ? 'clickable' : undefined}
              tabIndex={onRowClick ? 0 : undefined}
              onClick={onRowClick ? () => onRowClick(row) : undefined}
              onKeyDown={
                onRowClick
                  ? (event) => {
                      if (event.key === 'Enter') onRowClick(row);
                    }
                  : undefined
              }
            >
              {columns.map((column) => (
                <td key={column.key} style={{ textAlign: column.align }}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows?.length === 0 && (empty ?? <EmptyState title={t('common.empty')} />)}
    </div>
  );
}
