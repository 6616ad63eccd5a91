import { useId } from 'react';
import { SelectField, TextAreaField, TextField } from '../../components/form-field';
import { useI18n } from '../../i18n/i18n';
import { type FormErrors, PERIOD_CHOICES, type PeriodChoice, type TenancyFormState } from './tenancy-form';

/**
 * The form fields keys and teams share: name, models, budget and period, limits, expiry and prompt
 * logging. Each shows the API's error for its `param` beside it.
 */
export function TenancyFields({
  form,
  onChange,
  errors,
  modelOptions,
  modelsHint,
}: {
  form: TenancyFormState;
  onChange(patch: Partial<TenancyFormState>): void;
  errors: FormErrors;
  /** Models that may be chosen (the gateway's, or the team's when the key has a team with a list). */
  modelOptions: readonly string[] | undefined;
  modelsHint?: string;
}) {
  const { t } = useI18n();
  const error = (field: string) => errors.fields[field] ?? null;
  const rolling = form.period === 'rolling_h' || form.period === 'rolling_d';
  return (
    <>
      <TextField
        label={t('tenancy.name')}
        hint={t('tenancy.nameHint')}
        required
        value={form.name}
        onChange={(event) => onChange({ name: event.target.value })}
        error={error('name')}
        data-testid="field-name"
        autoComplete="off"
        maxLength={64}
      />
      <ModelsPicker
        options={modelOptions}
        selected={form.models}
        onChange={(models) => onChange({ models })}
        error={error('models')}
        hint={modelsHint}
      />
      <fieldset className="tn-tenancy-group">
        <legend>{t('tenancy.budget')}</legend>
        <div className="form-grid">
          <TextField
            label={t('tenancy.budgetAmount')}
            hint={t('tenancy.budgetAmountHint')}
            inputMode="decimal"
            value={form.budgetAmount}
            onChange={(event) => onChange({ budgetAmount: event.target.value })}
            error={error('budget.amount')}
            data-testid="field-budget-amount"
            autoComplete="off"
          />
          <SelectField
            label={t('tenancy.period')}
            value={form.period}
            onChange={(event) => onChange({ period: event.target.value as PeriodChoice })}
            options={PERIOD_CHOICES.map((choice) => ({
              value: choice,
              label: t(`tenancy.period.${choice}`),
            }))}
            error={rolling ? null : error('budget.period')}
            disabled={form.budgetAmount.trim() === ''}
            data-testid="field-budget-period"
          />
          {rolling && (
            <TextField
              label={t(form.period === 'rolling_h' ? 'tenancy.rollingHours' : 'tenancy.rollingDays')}
              inputMode="numeric"
              value={form.rollingCount}
              onChange={(event) => onChange({ rollingCount: event.target.value })}
              error={error('budget.period')}
              data-testid="field-rolling-count"
            />
          )}
        </div>
      </fieldset>
      <fieldset className="tn-tenancy-group">
        <legend>{t('tenancy.limits')}</legend>
        <p className="field-hint">{t('tenancy.limitsHint')}</p>
        <div className="form-grid tn-form-grid-3">
          <TextField
            label={t('tenancy.rpm')}
            inputMode="numeric"
            value={form.rpm}
            onChange={(event) => onChange({ rpm: event.target.value })}
            error={error('limits.rpm')}
            data-testid="field-rpm"
          />
          <TextField
            label={t('tenancy.tpm')}
            inputMode="numeric"
            value={form.tpm}
            onChange={(event) => onChange({ tpm: event.target.value })}
            error={error('limits.tpm')}
            data-testid="field-tpm"
          />
          <TextField
            label={t('tenancy.concurrency')}
            inputMode="numeric"
            value={form.concurrency}
            onChange={(event) => onChange({ concurrency: event.target.value })}
            error={error('limits.concurrency')}
            data-testid="field-concurrency"
          />
        </div>
      </fieldset>
      <div className="form-grid">
        <TextField
          label={t('tenancy.expiresAt')}
          hint={t('tenancy.expiresAtHint')}
          type="datetime-local"
          value={form.expiresAt}
          onChange={(event) => onChange({ expiresAt: event.target.value })}
          error={error('expires_at')}
          data-testid="field-expires-at"
        />
        <TextField
          label={t('tenancy.retentionDays')}
          hint={t('tenancy.retentionDaysHint')}
          inputMode="numeric"
          value={form.retentionDays}
          onChange={(event) => onChange({ retentionDays: event.target.value })}
          error={error('prompt_logging')}
          data-testid="field-retention-days"
        />
      </div>
    </>
  );
}

/** Checkboxes of model ids; none ticked means every model (the API's null). */
export function ModelsPicker({
  options,
  selected,
  onChange,
  error,
  hint,
}: {
  options: readonly string[] | undefined;
  selected: readonly string[];
  onChange(models: string[]): void;
  error: string | null;
  hint?: string;
}) {
  const { t } = useI18n();
  // A model the row allows that the gateway no longer serves still shows, so it can be unticked.
  const all = [...new Set([...(options ?? []), ...selected])];
  const toggle = (model: string, checked: boolean) =>
    onChange(checked ? [...selected, model] : selected.filter((item) => item !== model));
  const hintId = useId();
  const errorId = useId();
  return (
    <fieldset
      className="tn-tenancy-group"
      aria-describedby={error ? `${hintId} ${errorId}` : hintId}
      aria-invalid={error ? true : undefined}
      data-testid="field-models"
    >
      <legend>{t('tenancy.models')}</legend>
      <div className="tn-models-picker">
        {options === undefined && <span className="skeleton" />}
        {options !== undefined && all.length === 0 && <span className="muted">{t('tenancy.noModels')}</span>}
        {all.map((model) => (
          <label key={model} className="tn-models-option">
            <input
              type="checkbox"
              checked={selected.includes(model)}
              onChange={(event) => toggle(model, event.target.checked)}
            />
            <span className="mono">{model}</span>
          </label>
        ))}
      </div>
      <p className="field-hint" id={hintId}>
        {hint ?? t('tenancy.modelsHint')}
      </p>
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** One address or CIDR block a line; empty: any address. */
export function IpAllowListField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange(value: string): void;
  error: string | null;
}) {
  const { t } = useI18n();
  return (
    <TextAreaField
      label={t('tenancy.allowIps')}
      hint={t('tenancy.allowIpsHint')}
      rows={3}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      spellCheck={false}
      className="mono"
      data-testid="field-allow-ips"
    />
  );
}
