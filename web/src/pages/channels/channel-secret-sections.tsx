import { CheckboxField, Field } from '../../components/form-field';
import { useI18n } from '../../i18n/i18n';
import type { ChannelFormState } from './channel-form-state';
import type { ChannelView } from './channel-types';
import { KeysEditor } from './keys-editor';
import { PairsEditor } from './pairs-editor';

/** What the channel form's write-only sections get from the dialog. */
interface SectionProps {
  form: ChannelFormState;
  set<K extends keyof ChannelFormState>(field: K, value: ChannelFormState[K]): void;
  errors: Record<string, string>;
  /** The channel being edited; null when creating. */
  channel: ChannelView | null;
}

/**
 * Upstream API keys: write-only. Editing shows the stored keys as hints and sends new ones only when
 * "Replace the keys" is ticked (the API replaces the list whole). A channel whose stored credentials
 * cannot be opened must get new ones, so the box is ticked and hidden.
 */
export function ChannelKeysSection({ form, set, errors, channel }: SectionProps) {
  const { t } = useI18n();
  const editing = channel !== null;
  const keyHints = channel?.api_keys ?? [];
  return (
    <fieldset className="form-section">
      <legend>{t('channels.form.apiKeys')}</legend>
      {editing && (
        <p className="field-hint" data-testid="channel-key-hints">
          {keyHints.length > 0
            ? t('channels.form.currentKeys', { keys: keyHints.join(', ') })
            : t('channels.form.noKeys')}
        </p>
      )}
      {editing && channel.credentials_error === undefined && (
        <CheckboxField
          label={t('channels.form.replaceKeys')}
          checked={form.replaceKeys}
          onChecked={(checked) => set('replaceKeys', checked)}
        />
      )}
      {form.replaceKeys && (
        <Field
          label={t('channels.form.newKeys')}
          hint={t(editing ? 'channels.form.replaceKeysHint' : 'channels.form.keysHint')}
          error={errors.api_keys}
        >
          {(control) => (
            <KeysEditor keys={form.keys} onChange={(keys) => set('keys', keys)} control={control} />
          )}
        </Field>
      )}
    </fieldset>
  );
}

/** Extra headers: names are shown, values never; like keys, they are replaced whole or kept. */
export function ChannelHeadersSection({ form, set, errors, channel }: SectionProps) {
  const { t } = useI18n();
  const editing = channel !== null;
  const headerNames = channel?.header_names ?? [];
  return (
    <fieldset className="form-section">
      <legend>{t('channels.form.headers')}</legend>
      {editing && headerNames.length > 0 && (
        <p className="field-hint">{t('channels.form.currentHeaders', { names: headerNames.join(', ') })}</p>
      )}
      {editing && channel.credentials_error === undefined && (
        <CheckboxField
          label={t('channels.form.replaceHeaders')}
          checked={form.replaceHeaders}
          onChecked={(checked) => set('replaceHeaders', checked)}
        />
      )}
      {form.replaceHeaders && (
        <Field
          label={t('channels.form.headers')}
          hint={t('channels.form.headersHint')}
          error={errors.headers}
        >
          {(control) => (
            <PairsEditor
              pairs={form.headers}
              onChange={(pairs) => set('headers', pairs)}
              nameLabel={t('channels.form.headerName')}
              valueLabel={t('channels.form.headerValue')}
              addLabel={t('channels.form.addHeader')}
              describedBy={control['aria-describedby']}
              secret
              testId="channel-headers"
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}
