import { CopyButton } from '../../components/copy-button';
import { Modal } from '../../components/modal';
import { useI18n } from '../../i18n/i18n';
import type { CreatedKey } from '../tenancy/tenancy-types';

/** The new key's full value, shown this once: OPT keeps only its hash. */
export function KeyCreatedDialog({ created, onClose }: { created: CreatedKey; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Modal
      title={t('keys.createdTitle', { name: created.name })}
      onClose={onClose}
      footer={
        <button type="button" className="button primary" onClick={onClose} data-testid="created-key-done">
          {t('keys.createdDone')}
        </button>
      }
    >
      <div className="form">
        <p className="tn-warning-note" role="alert">
          {t('keys.createdWarning')}
        </p>
        <div className="tn-secret-box">
          <code data-testid="created-key" className="tn-secret-value">
            {created.key}
          </code>
          <CopyButton text={created.key} className="button primary" label={t('keys.copyKey')} />
        </div>
        <p className="muted">{t('keys.createdUsage')}</p>
      </div>
    </Modal>
  );
}
