import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useApi } from '../../api/use-api';
import { DialogFooter } from '../../components/dialog-footer';
import { TextField } from '../../components/form-field';
import { Modal } from '../../components/modal';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import type { PriceView } from './model-types';

type PriceField = 'input' | 'cached_input' | 'output';

/**
 * Sets a model's price per million tokens (`PUT /admin/prices/<model>`). Amounts go as decimal strings,
 * so no float rounding happens on the way; an empty cached-input price means "same as input".
 */
export function PriceDialog({
  model,
  price,
  currency,
  onClose,
  onSaved,
}: {
  model: string;
  price: PriceView | null;
  currency: string;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const [values, setValues] = useState<Record<PriceField, string>>({
    input: price?.input ?? '',
    cached_input: price && price.cached_input !== price.input ? price.cached_input : '',
    output: price?.output ?? '',
  });
  const [errors, setErrors] = useState<Partial<Record<PriceField | 'form', string>>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    const body: Record<string, string> = { input: values.input.trim(), output: values.output.trim() };
    if (values.cached_input.trim() !== '') body.cached_input = values.cached_input.trim();
    try {
      await api.put(`/admin/prices/${encodeURIComponent(model)}`, body);
      toast.success(t('models.price.saved', { model }));
      onSaved();
    } catch (error) {
      const param = error instanceof ApiError ? error.param : null;
      const field = param === 'input' || param === 'cached_input' || param === 'output' ? param : 'form';
      setErrors({ [field]: (error as Error).message });
      setBusy(false);
    }
  };

  const field = (name: PriceField, label: string, hint?: string) => (
    <TextField
      label={label}
      hint={hint}
      required={name !== 'cached_input'}
      inputMode="decimal"
      value={values[name]}
      placeholder={name === 'cached_input' ? values.input || '0' : '0.00'}
      onChange={(event) => setValues((current) => ({ ...current, [name]: event.target.value }))}
      error={errors[name]}
      data-testid={`price-${name.replace('_', '-')}`}
    />
  );

  return (
    <Modal
      title={t('models.price.title', { model })}
      onClose={onClose}
      size="small"
      footer={
        <DialogFooter
          form="price-form"
          submitLabel={t('common.save')}
          busy={busy}
          onCancel={onClose}
          testId="price-save"
        />
      }
    >
      <form id="price-form" className="form" onSubmit={submit} noValidate>
        <p className="muted">{t('models.price.explain', { currency })}</p>
        {errors.form && (
          <div className="error-banner" role="alert">
            <p>{errors.form}</p>
          </div>
        )}
        {field('input', t('models.price.input'))}
        {field('cached_input', t('models.price.cachedInput'), t('models.price.cachedInputHint'))}
        {field('output', t('models.price.output'))}
      </form>
    </Modal>
  );
}
