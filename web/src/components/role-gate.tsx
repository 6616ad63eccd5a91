import type { ReactNode } from 'react';
import { useRole } from '../app/session';

/**
 * Renders `children` only for keys that may write (role admin); viewers see `fallback` (nothing by
 * default). For a control that should stay visible but disabled, use `useRole().canWrite` instead.
 */
export function WriteOnly({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return <>{useRole().canWrite ? children : fallback}</>;
}
