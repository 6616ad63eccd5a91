import type { ReactNode } from 'react';

/** What a list or page shows when there is nothing: a title, a hint, and maybe a call to action. */
export function EmptyState({
  title,
  hint,
  children,
}: {
  title: string;
  hint?: string;
  children?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {hint && <p className="muted">{hint}</p>}
      {children && <div className="empty-actions">{children}</div>}
    </div>
  );
}
