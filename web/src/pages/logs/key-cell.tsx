import { useI18n } from '../../i18n/i18n';
import type { UsageView } from './usage-types';

/** The `endpoint` of usage records from the console's Playground (src/server/admin-playground-route.ts). */
const PLAYGROUND_ENDPOINT = 'playground';

/**
 * Who made a request: the key's name (else its id). Playground calls use the admin key and record no
 * client key, so they say "Playground" rather than a bare dash.
 */
export function KeyCell({ row }: { row: Pick<UsageView, 'key_id' | 'key_name' | 'endpoint'> }) {
  const { t } = useI18n();
  const key = row.key_name ?? row.key_id;
  if (key) return <>{key}</>;
  if (row.endpoint === PLAYGROUND_ENDPOINT)
    return (
      <span className="badge info" title={t('logs.playgroundHint')} data-testid="log-key-playground">
        {t('logs.playground')}
      </span>
    );
  return <span className="muted">—</span>;
}
