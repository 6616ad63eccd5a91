import { type FormEvent, useMemo, useState } from 'react';
import { useApi } from '../../api/use-api';
import { DialogFooter } from '../../components/dialog-footer';
import { ErrorBanner } from '../../components/error-banner';
import { TextField } from '../../components/form-field';
import { Modal } from '../../components/modal';
import { useI18n } from '../../i18n/i18n';
import { TenancyFields } from '../tenancy/tenancy-fields';
import {
  emptyTenancyForm,
  type FormErrors,
  formErrorsOf,
  NO_ERRORS,
  TENANCY_FIELDS,
  type TenancyFormState,
  tenancyBody,
  tenancyFormFrom,
} from '../tenancy/tenancy-form';
import type { TeamView } from '../tenancy/tenancy-types';
import { useModelIds } from '../tenancy/use-model-options';

const TEAM_FIELDS = [...TENANCY_FIELDS, 'price_multiplier'];

/** Create or edit a team. Members are managed on the team's page. */
export function TeamFormDialog({
  existing,
  onClose,
  onSaved,
}: {
  existing?: TeamView;
  onClose(): void;
  onSaved(team: TeamView): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const gatewayModels = useModelIds();
  const modelOptions = useMemo(() => gatewayModels?.slice().sort(), [gatewayModels]);
  const [form, setForm] = useState<TenancyFormState>(() =>
    existing ? tenancyFormFrom(existing) : emptyTenancyForm(),
  );
  const [multiplier, setMultiplier] = useState(existing ? String(existing.price_multiplier) : '1');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    const body = tenancyBody(form, !existing);
    const priceMultiplier = multiplier.trim();
    if (existing || (priceMultiplier !== '' && priceMultiplier !== '1')) {
      body.price_multiplier = priceMultiplier === '' ? null : priceMultiplier;
    }
    try {
      onSaved(
        existing
          ? await api.patch<TeamView>(`/admin/teams/${encodeURIComponent(existing.id)}`, body)
          : await api.post<TeamView>('/admin/teams', body),
      );
    } catch (error) {
      setErrors(formErrorsOf(error, TEAM_FIELDS));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={existing ? t('teams.editTitle', { name: existing.name }) : t('teams.createTitle')}
      onClose={onClose}
      size="large"
      footer={
        <DialogFooter
          form="team-form"
          submitLabel={existing ? t('common.save') : t('teams.create')}
          busy={busy}
          onCancel={onClose}
          testId="team-form-submit"
        />
      }
    >
      <form id="team-form" className="form" onSubmit={submit} noValidate data-testid="team-form">
        <TenancyFields
          form={form}
          onChange={(patch) => setForm((current) => ({ ...current, ...patch }))}
          errors={errors}
          modelOptions={modelOptions}
        />
        <TextField
          label={t('teams.priceMultiplier')}
          hint={t('teams.priceMultiplierHint')}
          inputMode="decimal"
          value={multiplier}
          onChange={(event) => setMultiplier(event.target.value)}
          error={errors.fields.price_multiplier}
          data-testid="field-price-multiplier"
        />
        <ErrorBanner error={errors.form} />
      </form>
    </Modal>
  );
}
