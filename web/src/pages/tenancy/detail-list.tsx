import type { ReactNode } from 'react';

export interface DetailItem {
  label: string;
  value: ReactNode;
  testId?: string;
}

/** Label/value pairs of a detail card, as a description list. */
export function DetailList({ items }: { items: ReadonlyArray<DetailItem> }) {
  return (
    <dl className="tn-detail-list">
      {items.map((item) => (
        <div key={item.label} className="tn-detail-item">
          <dt>{item.label}</dt>
          <dd data-testid={item.testId}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
