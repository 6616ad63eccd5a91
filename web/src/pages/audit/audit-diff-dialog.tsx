import { Modal } from '../../components/modal';
import { useI18n } from '../../i18n/i18n';
import { JsonBlock } from '../logs/json-block';
import { diffFields } from './audit-diff';
import type { AuditView } from './audit-types';

const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

/** One audit entry: the changed fields side by side, then the full before and after views. */
export function AuditDiffDialog({ entry, onClose }: { entry: AuditView; onClose(): void }) {
  const { t, format } = useI18n();
  const changes = diffFields(entry.before, entry.after);
  // A create has no before and a delete no after: one value column, not an empty one.
  const side = entry.before == null ? 'after' : entry.after == null ? 'before' : null;
  return (
    <Modal title={`${entry.action} · ${entry.target_id ?? entry.target_type}`} onClose={onClose} size="large">
      <p className="muted">
        {t('audit.detail.by', { actor: entry.actor_name, time: format.dateTime(entry.created_at) })}
      </p>
      {changes.length === 0 ? (
        <p className="muted">{t('audit.detail.noChanges')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table audit-diff" data-testid="audit-diff">
            <thead>
              <tr>
                <th scope="col">{t('audit.detail.field')}</th>
                {side !== 'after' && <th scope="col">{t('audit.detail.before')}</th>}
                {side !== 'before' && <th scope="col">{t('audit.detail.after')}</th>}
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.path} data-kind={change.kind}>
                  <td className="mono">{change.path}</td>
                  {side !== 'after' && <td className="mono diff-before">{show(change.before)}</td>}
                  {side !== 'before' && <td className="mono diff-after">{show(change.after)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entry.before != null && (
        <JsonBlock
          title={t('audit.detail.beforeJson')}
          text={JSON.stringify(entry.before)}
          testId="audit-before"
          defaultOpen={false}
        />
      )}
      {entry.after != null && (
        <JsonBlock
          title={t('audit.detail.afterJson')}
          text={JSON.stringify(entry.after)}
          testId="audit-after"
          defaultOpen={false}
        />
      )}
    </Modal>
  );
}
