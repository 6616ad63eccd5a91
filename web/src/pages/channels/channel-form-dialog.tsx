import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useApi } from '../../api/use-api';
import { DialogFooter } from '../../components/dialog-footer';
import { Field, NumberField, SelectField, TextField } from '../../components/form-field';
import { Modal } from '../../components/modal';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import {
  type ChannelFormState,
  channelFormFrom,
  emptyChannelForm,
  fieldOfParam,
  TIMEOUT_NAMES,
  type TimeoutName,
  toChannelBody,
} from './channel-form-state';
import { ChannelHeadersSection, ChannelKeysSection } from './channel-secret-sections';
import type { ChannelView, ProviderView } from './channel-types';
import { PairsEditor } from './pairs-editor';
import { TagsInput } from './tags-input';

const TIMEOUT_LABELS = {
  connect_ms: 'channels.form.timeoutConnect',
  first_byte_ms: 'channels.form.timeoutFirstByte',
  idle_ms: 'channels.form.timeoutIdle',
  total_ms: 'channels.form.timeoutTotal',
} as const satisfies Record<TimeoutName, string>;

/**
 * Create (`channel` null) or edit a channel. Keys and header values are write-only: the form starts
 * without them and shows the stored keys as hints; a save sends them only when they are replaced. An API
 * error that names a field (`param`) is shown under that field.
 */
export function ChannelFormDialog({
  channel,
  providers,
  onClose,
  onSaved,
}: {
  channel: ChannelView | null;
  providers: readonly ProviderView[];
  onClose(): void;
  onSaved(channel: ChannelView): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const editing = channel !== null;
  const [form, setForm] = useState<ChannelFormState>(() =>
    channel ? channelFormFrom(channel) : emptyChannelForm(),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const provider = providers.find((item) => item.id === form.provider);
  const set = <K extends keyof ChannelFormState>(field: K, value: ChannelFormState[K]) =>
    setForm((current) => ({ ...current, [field]: value }));

  const changeProvider = (next: string) => {
    const nextProvider = providers.find((item) => item.id === next);
    setForm((current) => {
      const previousDefault = providers.find((item) => item.id === current.provider)?.default_base_url ?? '';
      // The preset's URL replaces an empty box or the previous preset's URL, never one the admin typed.
      const keepUrl = current.baseUrl.trim() !== '' && current.baseUrl !== previousDefault;
      return {
        ...current,
        provider: next,
        baseUrl: keepUrl ? current.baseUrl : (nextProvider?.default_base_url ?? ''),
        apiVersion: nextProvider?.api_version ? current.apiVersion : '',
      };
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const body = toChannelBody(form, provider, editing);
      const saved = editing
        ? await api.patch<ChannelView>(`/admin/channels/${encodeURIComponent(channel.id)}`, body)
        : await api.post<ChannelView>('/admin/channels', body);
      toast.success(t(editing ? 'channels.saved' : 'channels.created', { name: saved.name }));
      onSaved(saved);
    } catch (error) {
      const field = error instanceof ApiError ? fieldOfParam(error.param) : null;
      if (field) setErrors({ [field]: (error as Error).message });
      else setFormError((error as Error).message);
      setBusy(false);
    }
  };

  const providerOptions = providers.map((item) => ({ value: item.id, label: item.id }));
  if (!provider) providerOptions.unshift({ value: form.provider, label: form.provider });

  return (
    <Modal
      title={editing ? t('channels.form.editTitle', { name: channel.name }) : t('channels.form.createTitle')}
      onClose={onClose}
      size="large"
      footer={
        <DialogFooter
          form="channel-form"
          submitLabel={editing ? t('common.save') : t('common.create')}
          busy={busy}
          onCancel={onClose}
          testId="channel-save"
        />
      }
    >
      <form id="channel-form" className="form" onSubmit={submit} noValidate data-testid="channel-form">
        {formError && (
          <div className="error-banner" role="alert" data-testid="channel-form-error">
            <p>{formError}</p>
          </div>
        )}
        <div className="form-grid">
          <TextField
            label={t('channels.form.name')}
            hint={t('channels.form.nameHint')}
            required
            value={form.name}
            onChange={(event) => set('name', event.target.value)}
            error={errors.name}
            data-testid="channel-name"
            data-autofocus
          />
          <SelectField
            label={t('channels.form.provider')}
            options={providerOptions}
            value={form.provider}
            onChange={(event) => changeProvider(event.target.value)}
            error={errors.provider}
            data-testid="channel-provider"
          />
          <TextField
            label={t('channels.form.baseUrl')}
            hint={
              provider?.default_base_url
                ? t('channels.form.baseUrlPresetHint', { url: provider.default_base_url })
                : t('channels.form.baseUrlHint')
            }
            required={!provider?.default_base_url}
            type="url"
            inputMode="url"
            spellCheck={false}
            value={form.baseUrl}
            placeholder={provider?.default_base_url ?? 'https://api.example.com/v1'}
            onChange={(event) => set('baseUrl', event.target.value)}
            error={errors.base_url}
            data-testid="channel-base-url"
          />
          {provider?.api_version && (
            <TextField
              label={t('channels.form.apiVersion')}
              hint={t('channels.form.apiVersionHint', { version: provider.api_version.default })}
              value={form.apiVersion}
              placeholder={provider.api_version.default}
              onChange={(event) => set('apiVersion', event.target.value)}
              error={errors.api_version}
              data-testid="channel-api-version"
            />
          )}
        </div>

        <ChannelKeysSection form={form} set={set} errors={errors} channel={channel} />
        <Field
          label={t('channels.form.models')}
          hint={t('channels.form.modelsHint')}
          error={errors.models}
          required
        >
          {(control) => (
            <TagsInput
              values={form.models}
              onChange={(models) => set('models', models)}
              control={control}
              placeholder={t('channels.form.modelsPlaceholder')}
              testId="channel-models"
            />
          )}
        </Field>
        <Field
          label={t('channels.form.modelMap')}
          hint={t('channels.form.modelMapHint')}
          error={errors.model_map}
        >
          {(control) => (
            <PairsEditor
              pairs={form.modelMap}
              onChange={(pairs) => set('modelMap', pairs)}
              nameLabel={t('channels.form.publicModel')}
              valueLabel={t('channels.form.upstreamModel')}
              addLabel={t('channels.form.addMapping')}
              describedBy={control['aria-describedby']}
              testId="channel-model-map"
            />
          )}
        </Field>

        <ChannelHeadersSection form={form} set={set} errors={errors} channel={channel} />

        <div className="form-grid form-grid-3">
          <NumberField
            label={t('channels.form.priority')}
            hint={t('channels.form.priorityHint')}
            value={form.priority}
            onValue={(value) => set('priority', value)}
            placeholder="0"
            step={1}
            error={errors.priority}
          />
          <NumberField
            label={t('channels.form.weight')}
            hint={t('channels.form.weightHint')}
            value={form.weight}
            onValue={(value) => set('weight', value)}
            placeholder="1"
            min={1}
            step={1}
            error={errors.weight}
          />
          <NumberField
            label={t('channels.form.maxConnections')}
            value={form.maxConnections}
            onValue={(value) => set('maxConnections', value)}
            placeholder="256"
            min={1}
            step={1}
            error={errors.max_connections}
          />
        </div>

        <fieldset className="form-section">
          <legend>{t('channels.form.timeouts')}</legend>
          {errors.timeouts && (
            <p className="field-error" role="alert">
              {errors.timeouts}
            </p>
          )}
          <div className="form-grid form-grid-4">
            {TIMEOUT_NAMES.map((name) => (
              <NumberField
                key={name}
                label={t(TIMEOUT_LABELS[name])}
                value={form.timeouts[name]}
                onValue={(value) => set('timeouts', { ...form.timeouts, [name]: value })}
                placeholder={t('channels.form.defaultPlaceholder')}
                min={1}
                step={1}
                error={errors[`timeouts.${name}`]}
              />
            ))}
          </div>
        </fieldset>
      </form>
    </Modal>
  );
}
