import { CopyButton } from '../../components/copy-button';
import { Modal } from '../../components/modal';
import { useI18n } from '../../i18n/i18n';

/** The next call as a curl command against OPT's public `/v1` API, with a copy button. */
export function CurlDialog({ command, onClose }: { command: string; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Modal
      title={t('playground.curlTitle')}
      onClose={onClose}
      size="large"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
          <CopyButton text={command} className="button primary" />
        </>
      }
    >
      <p className="muted">{t('playground.curlHint')}</p>
      <pre className="pg-curl" data-testid="curl-command">
        {command}
      </pre>
    </Modal>
  );
}
