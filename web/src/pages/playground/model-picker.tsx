import { Field } from '../../components/form-field';
import { useI18n } from '../../i18n/i18n';

/** The public models (`GET /admin/models`); disabled with a placeholder while they load. */
export function ModelPicker({
  models,
  value,
  onChange,
  error,
}: {
  models: readonly string[] | undefined;
  value: string;
  onChange(model: string): void;
  error?: string | null;
}) {
  const { t } = useI18n();
  return (
    <Field label={t('playground.model')} error={error}>
      {(control) => (
        <select
          {...control}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          disabled={!models || models.length === 0}
          data-testid="playground-model"
        >
          {!models && <option value="">{t('common.loading')}</option>}
          {models?.length === 0 && <option value="">{t('playground.noModels')}</option>}
          {models?.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
