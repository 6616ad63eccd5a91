import { useId } from 'react';
import { TextField } from '../../components/form-field';
import { useI18n } from '../../i18n/i18n';
import type { ChatSettings, ParameterField } from './chat-request';

/**
 * Sampling parameters (empty = the model's default, not sent), streaming and JSON mode. `errors` holds a
 * message per field: out of range here, or the API's refusal naming that field.
 */
export function ParametersPanel({
  settings,
  onChange,
  errors,
}: {
  settings: ChatSettings;
  onChange(patch: Partial<ChatSettings>): void;
  errors: Partial<Record<ParameterField | 'response_format', string>>;
}) {
  const { t } = useI18n();
  const streamId = useId();
  const jsonId = useId();
  return (
    <fieldset className="pg-fieldset">
      <legend>{t('playground.parameters')}</legend>
      <div className="pg-params">
        <TextField
          label={t('playground.temperature')}
          type="number"
          inputMode="decimal"
          min={0}
          max={2}
          step={0.1}
          placeholder={t('playground.default')}
          value={settings.temperature}
          onChange={(event) => onChange({ temperature: event.target.value })}
          error={errors.temperature}
          data-testid="playground-temperature"
        />
        <TextField
          label={t('playground.topP')}
          type="number"
          inputMode="decimal"
          min={0}
          max={1}
          step={0.05}
          placeholder={t('playground.default')}
          value={settings.topP}
          onChange={(event) => onChange({ topP: event.target.value })}
          error={errors.top_p}
          data-testid="playground-top-p"
        />
        <TextField
          label={t('playground.maxTokens')}
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          placeholder={t('playground.default')}
          value={settings.maxTokens}
          onChange={(event) => onChange({ maxTokens: event.target.value })}
          error={errors.max_tokens}
          data-testid="playground-max-tokens"
        />
      </div>
      <div className="pg-switches">
        <label className="pg-check" htmlFor={streamId}>
          <input
            id={streamId}
            type="checkbox"
            checked={settings.stream}
            onChange={(event) => onChange({ stream: event.target.checked })}
            data-testid="playground-stream"
          />
          {t('playground.stream')}
        </label>
        <label className="pg-check" htmlFor={jsonId}>
          <input
            id={jsonId}
            type="checkbox"
            checked={settings.jsonMode}
            onChange={(event) => onChange({ jsonMode: event.target.checked })}
            data-testid="playground-json-mode"
          />
          {t('playground.jsonMode')}
        </label>
      </div>
      {errors.response_format && (
        <p className="field-error" role="alert">
          {errors.response_format}
        </p>
      )}
    </fieldset>
  );
}
