import type { ReactNode } from 'react';

/** Label/value pairs of a detail card, as a description list. */
export function DetailList({
  items,
}: {
  items: ReadonlyArray<{ label: string; value: ReactNode; testId?: string }>;
}) {
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
