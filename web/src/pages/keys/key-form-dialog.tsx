import { type FormEvent, useMemo, useState } from 'react';
import { useApi } from '../../api/use-api';
import { DialogFooter } from '../../components/dialog-footer';
import { ErrorBanner } from '../../components/error-banner';
import { SelectField } from '../../components/form-field';
import { Modal } from '../../components/modal';
import { useI18n } from '../../i18n/i18n';
import { IpAllowListField, TenancyFields } from '../tenancy/tenancy-fields';
import {
  emptyTenancyForm,
  type FormErrors,
  formErrorsOf,
  NO_ERRORS,
  splitLines,
  TENANCY_FIELDS,
  type TenancyFormState,
  tenancyBody,
  tenancyFormFrom,
} from '../tenancy/tenancy-form';
import type { CreatedKey, KeyView } from '../tenancy/tenancy-types';
import { useAllTeams, useModelIds } from '../tenancy/use-model-options';

const KEY_FIELDS = [...TENANCY_FIELDS, 'team', 'allow_ips'];

/**
 * Create or edit a client key. Creating answers the full key once: `onCreated` gets it, to show it in
 * its own dialog. API errors appear beside the field their `param` names.
 */
export function KeyFormDialog({
  existing,
  defaultTeam,
  onClose,
  onCreated,
  onSaved,
}: {
  existing?: KeyView;
  /** Preselected team name (creating a key from a team's page). */
  defaultTeam?: string;
  onClose(): void;
  onCreated?(key: CreatedKey): void;
  onSaved?(key: KeyView): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const teams = useAllTeams();
  const gatewayModels = useModelIds();
  const [form, setForm] = useState<TenancyFormState>(() =>
    existing ? tenancyFormFrom(existing) : emptyTenancyForm(),
  );
  const [team, setTeam] = useState(existing?.team ?? defaultTeam ?? '');
  const [allowIps, setAllowIps] = useState((existing?.allow_ips ?? []).join('\n'));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  // A key in a team with a model list may only allow models from that list.
  const teamModels = teams?.find((item) => item.name === team)?.models ?? null;
  const modelOptions = useMemo(
    () => (teamModels ?? gatewayModels)?.slice().sort(),
    [teamModels, gatewayModels],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    const creating = !existing;
    const ips = splitLines(allowIps);
    const body = tenancyBody(form, creating);
    if (!creating || team) body.team = team || null;
    if (!creating || ips.length > 0) body.allow_ips = ips.length > 0 ? ips : null;
    try {
      if (existing) {
        onSaved?.(await api.patch<KeyView>(`/admin/keys/${encodeURIComponent(existing.id)}`, body));
      } else {
        onCreated?.(await api.post<CreatedKey>('/admin/keys', body));
      }
    } catch (error) {
      setErrors(formErrorsOf(error, KEY_FIELDS));
      setBusy(false);
    }
  };

  const teamOptions = [
    { value: '', label: t('keys.noTeam') },
    ...(teams ?? [])
      .filter((item) => item.status !== 'deleted')
      .map((item) => ({ value: item.name, label: item.name })),
  ];
  // The key's current team stays selectable while the list loads (and if it is disabled).
  if (team && !teamOptions.some((option) => option.value === team))
    teamOptions.push({ value: team, label: team });

  return (
    <Modal
      title={existing ? t('keys.editTitle', { name: existing.name }) : t('keys.createTitle')}
      onClose={onClose}
      size="large"
      footer={
        <DialogFooter
          form="key-form"
          submitLabel={existing ? t('common.save') : t('keys.create')}
          busy={busy}
          onCancel={onClose}
          testId="key-form-submit"
        />
      }
    >
      <form id="key-form" className="form" onSubmit={submit} noValidate data-testid="key-form">
        <SelectField
          label={t('keys.team')}
          hint={t('keys.teamHint')}
          value={team}
          onChange={(event) => setTeam(event.target.value)}
          options={teamOptions}
          error={errors.fields.team}
          data-testid="field-team"
        />
        <TenancyFields
          form={form}
          onChange={(patch) => setForm((current) => ({ ...current, ...patch }))}
          errors={errors}
          modelOptions={modelOptions}
          modelsHint={teamModels ? t('keys.modelsWithinTeam', { team }) : undefined}
        />
        <IpAllowListField value={allowIps} onChange={setAllowIps} error={errors.fields.allow_ips ?? null} />
        <ErrorBanner error={errors.form} />
      </form>
    </Modal>
  );
}
