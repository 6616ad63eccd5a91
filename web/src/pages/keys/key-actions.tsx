import { useState } from 'react';
import { useApi } from '../../api/use-api';
import { ConfirmDialog } from '../../components/modal';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import type { KeyView } from '../tenancy/tenancy-types';
import { useWriteGuard } from '../tenancy/write-guard';
import { KeyFormDialog } from './key-form-dialog';

/**
 * Edit, disable/enable and delete (with confirmation) for one key, in a list row or on its page.
 * Disabled with a tooltip for viewers and for keys from the YAML config.
 */
export function KeyActions({
  apiKey,
  onChanged,
  onDeleted,
}: {
  apiKey: KeyView;
  onChanged(key: KeyView): void;
  onDeleted(): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const guard = useWriteGuard()(apiKey.source);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const path = `/admin/keys/${encodeURIComponent(apiKey.id)}`;
  const revoked = apiKey.status === 'revoked';
  const disabled = apiKey.disabled_at !== null;

  const toggle = async () => {
    setBusy(true);
    try {
      const next = await api.post<KeyView>(`${path}/${disabled ? 'enable' : 'disable'}`);
      toast.success(t(disabled ? 'keys.enabled' : 'keys.disabled', { name: apiKey.name }));
      onChanged(next);
    } catch (error) {
      toast.error(error as Error);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await api.delete(path);
      toast.success(t('keys.deleted', { name: apiKey.name }));
      setDeleting(false);
      onDeleted();
    } catch (error) {
      toast.error(error as Error);
      setBusy(false);
    }
  };

  return (
    <div className="tn-row-actions">
      <button
        type="button"
        className="button small"
        onClick={() => setEditing(true)}
        disabled={guard.disabled || revoked}
        title={guard.title}
        data-testid="key-edit"
      >
        {t('common.edit')}
      </button>
      <button
        type="button"
        className="button small"
        onClick={toggle}
        disabled={guard.disabled || revoked || busy}
        title={guard.title}
        data-testid={disabled ? 'key-enable' : 'key-disable'}
      >
        {disabled ? t('common.enable') : t('common.disable')}
      </button>
      <button
        type="button"
        className="button small tn-danger-outline"
        onClick={() => setDeleting(true)}
        disabled={guard.disabled || revoked}
        title={guard.title}
        data-testid="key-delete"
      >
        {t('common.delete')}
      </button>
      {editing && (
        <KeyFormDialog
          existing={apiKey}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            toast.success(t('keys.saved', { name: next.name }));
            onChanged(next);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('keys.deleteTitle', { name: apiKey.name })}
          message={t('keys.deleteMessage')}
          confirmLabel={t('keys.deleteConfirm')}
          danger
          busy={busy}
          onConfirm={remove}
          onCancel={() => setDeleting(false)}
        />
      )}
    </div>
  );
}
