import { Link } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { tenancyColumns } from '../tenancy/tenancy-columns';
import { TenancyListPage } from '../tenancy/tenancy-list-page';
import type { KeyView } from '../tenancy/tenancy-types';
import { KeyActions } from './key-actions';
import { KeyCreateFlow } from './key-create-flow';

/** `/keys`: every live key, searchable by name, a page at a time. */
export function KeysList() {
  const i18n = useI18n();
  const { t } = i18n;
  const column = tenancyColumns<KeyView>('key', i18n);
  return (
    <TenancyListPage<KeyView>
      kind="key"
      columns={(reload) => [
        column.name,
        {
          key: 'hint',
          header: t('keys.hint'),
          render: (key) => (
            <code className="mono" data-testid="key-hint">
              {key.key_hint}
            </code>
          ),
        },
        {
          key: 'team',
          header: t('keys.team'),
          render: (key) =>
            key.team_id ? (
              <Link to={`/teams/${encodeURIComponent(key.team_id)}`}>{key.team ?? key.team_id}</Link>
            ) : (
              <span className="muted">—</span>
            ),
        },
        column.status,
        column.models,
        column.budget,
        column.limits,
        column.expires,
        column.actions((key) => <KeyActions apiKey={key} onChanged={reload} onDeleted={reload} />),
      ]}
      renderCreator={({ onClose, reload }) => <KeyCreateFlow onClose={onClose} onCreated={reload} />}
    />
  );
}
