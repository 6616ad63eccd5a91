import { type ReactNode, useState } from 'react';
import { useApi } from '../../api/use-api';
import { ConfirmDialog } from '../../components/modal';
import { useToast } from '../../components/toast';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n';
import type { OwnerKind, RowSource } from './tenancy-types';
import { useWriteGuard } from './write-guard';

/** The fields of a key or team that the row actions read. */
export interface TenancyRow {
  id: string;
  name: string;
  source: RowSource;
  disabled_at: string | null;
}

interface KindText {
  collection: string;
  enabled: MessageKey;
  disabled: MessageKey;
  deleted: MessageKey;
  saved: MessageKey;
  deleteTitle: MessageKey;
  deleteMessage: MessageKey;
  deleteConfirm: MessageKey;
}

const KINDS: Record<OwnerKind, KindText> = {
  key: {
    collection: 'keys',
    enabled: 'keys.enabled',
    disabled: 'keys.disabled',
    deleted: 'keys.deleted',
    saved: 'keys.saved',
    deleteTitle: 'keys.deleteTitle',
    deleteMessage: 'keys.deleteMessage',
    deleteConfirm: 'keys.deleteConfirm',
  },
  team: {
    collection: 'teams',
    enabled: 'teams.enabled',
    disabled: 'teams.disabled',
    deleted: 'teams.deleted',
    saved: 'teams.saved',
    deleteTitle: 'teams.deleteTitle',
    deleteMessage: 'teams.deleteMessage',
    deleteConfirm: 'teams.deleteConfirm',
  },
};

/**
 * Edit, disable/enable and delete (with confirmation) for one key or team, in a list row or on its
 * page. Disabled with a tooltip for viewers and for rows from the YAML config, and entirely once the
 * row is `gone` (a revoked key, a deleted team). Test ids are `<kind>-edit`, `-enable`/`-disable`,
 * `-delete`. A refused delete (a team that still has keys: 409) shows the API's message.
 */
export function TenancyRowActions<T extends TenancyRow>({
  kind,
  row,
  gone,
  onChanged,
  onDeleted,
  renderEditor,
}: {
  kind: OwnerKind;
  row: T;
  gone: boolean;
  onChanged(row: T): void;
  onDeleted(): void;
  /** The edit dialog for `row`; `onSaved` gets the saved row. */
  renderEditor(props: { existing: T; onClose(): void; onSaved(next: T): void }): ReactNode;
}) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const guard = useWriteGuard()(row.source);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const text = KINDS[kind];
  const path = `/admin/${text.collection}/${encodeURIComponent(row.id)}`;
  const disabled = row.disabled_at !== null;

  const toggle = async () => {
    setBusy(true);
    try {
      const next = await api.post<T>(`${path}/${disabled ? 'enable' : 'disable'}`);
      toast.success(t(disabled ? text.enabled : text.disabled, { name: row.name }));
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
      toast.success(t(text.deleted, { name: row.name }));
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
        disabled={guard.disabled || gone}
        title={guard.title}
        data-testid={`${kind}-edit`}
      >
        {t('common.edit')}
      </button>
      <button
        type="button"
        className="button small"
        onClick={toggle}
        disabled={guard.disabled || gone || busy}
        title={guard.title}
        data-testid={disabled ? `${kind}-enable` : `${kind}-disable`}
      >
        {disabled ? t('common.enable') : t('common.disable')}
      </button>
      <button
        type="button"
        className="button small tn-danger-outline"
        onClick={() => setDeleting(true)}
        disabled={guard.disabled || gone}
        title={guard.title}
        data-testid={`${kind}-delete`}
      >
        {t('common.delete')}
      </button>
      {editing &&
        renderEditor({
          existing: row,
          onClose: () => setEditing(false),
          onSaved: (next) => {
            setEditing(false);
            toast.success(t(text.saved, { name: next.name }));
            onChanged(next);
          },
        })}
      {deleting && (
        <ConfirmDialog
          title={t(text.deleteTitle, { name: row.name })}
          message={t(text.deleteMessage)}
          confirmLabel={t(text.deleteConfirm)}
          danger
          busy={busy}
          onConfirm={remove}
          onCancel={() => setDeleting(false)}
        />
      )}
    </div>
  );
}
