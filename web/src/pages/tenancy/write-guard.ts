import { useRole } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import type { RowSource } from './tenancy-types';

export interface WriteGuard {
  /** True when the control must be disabled. */
  disabled: boolean;
  /** Why, for the control's `title` (a tooltip) — undefined when it is enabled. */
  title: string | undefined;
}

/**
 * Whether a change control is usable: viewers may not write at all, and rows from the YAML config
 * (`source: config`) change only by editing the file. The API refuses both anyway (403, 409).
 */
export function useWriteGuard(): (source?: RowSource) => WriteGuard {
  const { canWrite } = useRole();
  const { t } = useI18n();
  return (source) => {
    if (!canWrite) return { disabled: true, title: t('tenancy.viewerHint') };
    if (source === 'config') return { disabled: true, title: t('tenancy.configHint') };
    return { disabled: false, title: undefined };
  };
}
