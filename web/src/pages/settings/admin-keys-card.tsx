import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/api-error';
import type { ListResponse } from '../../api/client';
import { useApi, useApiQuery } from '../../api/use-api';
import { useRole, useSession } from '../../app/session';
import { CopyButton } from '../../components/copy-button';
import { type Column, DataTable } from '../../components/data-table';
import { DialogFooter } from '../../components/dialog-footer';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { SelectField, TextField } from '../../components/form-field';
import { ConfirmDialog, Modal } from '../../components/modal';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import type { AdminKeyView } from './settings-types';

type Dialog =
  | { kind: 'create' }
  | { kind: 'created'; key: AdminKeyView }
  | { kind: 'revoke'; key: AdminKeyView }
  | null;

/** Keys of the admin API itself: admins create (the key is shown once) and revoke them; viewers look. */
export function AdminKeysCard() {
  const { t, format } = useI18n();
  const { canWrite } = useRole();
  const { me } = useSession();
  const api = useApi();
  const toast = useToast();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const keys = useApiQuery(
    (client, signal) => client.get<ListResponse<AdminKeyView>>('/admin/admin-keys', undefined, signal),
    [],
  );
  const readOnlyHint = canWrite ? undefined : t('role.readOnlyHint');

  const revoke = async (key: AdminKeyView) => {
    setBusy(true);
    try {
      await api.delete(`/admin/admin-keys/${encodeURIComponent(key.id)}`);
      toast.success(t('settings.adminKeys.revoked', { name: key.name }));
      setDialog(null);
      keys.reload();
    } catch (error) {
      toast.error(error as Error);
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<AdminKeyView>[] = [
    {
      key: 'name',
      header: t('settings.adminKeys.name'),
      render: (key) => (
        <span className="row nowrap">
          {key.name}
          {key.id === me.id && <span className="badge info">{t('settings.adminKeys.you')}</span>}
        </span>
      ),
    },
    {
      key: 'role',
      header: t('settings.adminKeys.role'),
      render: (key) => (
        <span className={`badge role-${key.role}`}>
          {t(key.role === 'admin' ? 'role.admin' : 'role.viewer')}
        </span>
      ),
    },
    {
      key: 'hint',
      header: t('settings.adminKeys.hint'),
      render: (key) => <span className="mono">{key.key_hint}</span>,
    },
    {
      key: 'created',
      header: t('settings.adminKeys.created'),
      render: (key) => format.dateTime(key.created_at),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      align: 'right',
      render: (key) => (
        <button
          type="button"
          className="button small danger-text"
          disabled={!canWrite || key.id === me.id}
          title={readOnlyHint ?? (key.id === me.id ? t('settings.adminKeys.selfHint') : undefined)}
          onClick={() => setDialog({ kind: 'revoke', key })}
          data-testid="admin-key-revoke"
        >
          {t('settings.adminKeys.revoke')}
        </button>
      ),
    },
  ];

  return (
    <section className="card" aria-labelledby="admin-keys-title" data-testid="admin-keys-card">
      <div className="card-header">
        <div>
          <h2 id="admin-keys-title" className="card-title">
            {t('settings.adminKeys.title')}
          </h2>
          <p className="muted">{t('settings.adminKeys.description')}</p>
        </div>
        <button
          type="button"
          className="button primary"
          disabled={!canWrite}
          title={readOnlyHint}
          onClick={() => setDialog({ kind: 'create' })}
          data-testid="admin-key-create"
        >
          {t('settings.adminKeys.create')}
        </button>
      </div>
      <ErrorBanner error={keys.error} onRetry={keys.reload} />
      <DataTable
        columns={columns}
        rows={keys.data?.data ?? (keys.error ? [] : undefined)}
        rowKey={(key) => key.id}
        skeletonRows={2}
        caption={t('settings.adminKeys.title')}
        empty={<EmptyState title={t('settings.adminKeys.empty')} />}
      />

      {dialog?.kind === 'create' && (
        <CreateAdminKeyDialog
          onClose={() => setDialog(null)}
          onCreated={(key) => {
            setDialog({ kind: 'created', key });
            keys.reload();
          }}
        />
      )}
      {dialog?.kind === 'created' && (
        <Modal
          title={t('settings.adminKeys.createdTitle')}
          onClose={() => setDialog(null)}
          size="medium"
          footer={
            <button
              type="button"
              className="button primary"
              onClick={() => setDialog(null)}
              data-testid="admin-key-done"
            >
              {t('settings.adminKeys.done')}
            </button>
          }
        >
          <div className="form">
            <p>{t('settings.adminKeys.shownOnce')}</p>
            <div className="secret-box">
              <code data-testid="admin-key-value">{dialog.key.key}</code>
              <CopyButton text={dialog.key.key ?? ''} />
            </div>
            <p className="muted">
              {t('settings.adminKeys.createdFor', {
                name: dialog.key.name,
                role: t(dialog.key.role === 'admin' ? 'role.admin' : 'role.viewer'),
              })}
            </p>
          </div>
        </Modal>
      )}
      {dialog?.kind === 'revoke' && (
        <ConfirmDialog
          title={t('settings.adminKeys.revokeTitle', { name: dialog.key.name })}
          message={t('settings.adminKeys.revokeMessage')}
          confirmLabel={t('settings.adminKeys.revoke')}
          danger
          busy={busy}
          onConfirm={() => revoke(dialog.key)}
          onCancel={() => setDialog(null)}
        />
      )}
    </section>
  );
}

function CreateAdminKeyDialog({
  onClose,
  onCreated,
}: {
  onClose(): void;
  onCreated(key: AdminKeyView): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'viewer' | 'admin'>('viewer');
  const [errors, setErrors] = useState<{ name?: string; role?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      onCreated(await api.post<AdminKeyView>('/admin/admin-keys', { name: name.trim(), role }));
    } catch (error) {
      const param = error instanceof ApiError ? error.param : null;
      const field = param === 'name' || param === 'role' ? param : 'form';
      setErrors({ [field]: (error as Error).message });
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('settings.adminKeys.create')}
      onClose={onClose}
      size="small"
      footer={
        <DialogFooter
          form="admin-key-form"
          submitLabel={t('common.create')}
          busy={busy}
          onCancel={onClose}
          testId="admin-key-submit"
        />
      }
    >
      <form id="admin-key-form" className="form" onSubmit={submit} noValidate>
        {errors.form && (
          <div className="error-banner" role="alert">
            <p>{errors.form}</p>
          </div>
        )}
        <TextField
          label={t('settings.adminKeys.name')}
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
          data-testid="admin-key-name"
          data-autofocus
        />
        <SelectField
          label={t('settings.adminKeys.role')}
          hint={t('settings.adminKeys.roleHint')}
          options={[
            { value: 'viewer', label: t('role.viewer') },
            { value: 'admin', label: t('role.admin') },
          ]}
          value={role}
          onChange={(event) => setRole(event.target.value as 'viewer' | 'admin')}
          error={errors.role}
          data-testid="admin-key-role"
        />
      </form>
    </Modal>
  );
}
