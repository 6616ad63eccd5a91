import { useEffect, useMemo, useState } from 'react';
import type { ListResponse } from '../api/client';
import { useApiQuery } from '../api/use-api';
import { useRole } from '../app/session';
import { ErrorBanner } from '../components/error-banner';
import { TextAreaField } from '../components/form-field';
import { PageHeader } from '../components/page-header';
import { useI18n } from '../i18n/i18n';
import {
  buildChatRequest,
  type ChatSettings,
  curlCommand,
  DEFAULT_SETTINGS,
  invalidParameter,
  type ParameterField,
} from './playground/chat-request';
import { Composer } from './playground/composer';
import { CurlDialog } from './playground/curl-dialog';
import { MessageList } from './playground/message-list';
import { ModelPicker } from './playground/model-picker';
import { ParametersPanel } from './playground/parameters-panel';
import { ToolsEditor } from './playground/tools-editor';
import { checkToolsJson } from './playground/tools-json';
import { historyOf, usePlaygroundChat } from './playground/use-playground-chat';
import './playground/playground.css';

/**
 * Playground: chat with a model through the gateway (`POST /admin/playground/chat/completions`, metered
 * like any call), with a system prompt, parameters and tools; each turn shows its request id, latency,
 * tokens and cost, and the next call can be copied as curl against `/v1`. Viewers may look, not send.
 */
export function PlaygroundPage() {
  const { t } = useI18n();
  const { canWrite } = useRole();
  const [settings, setSettings] = useState<ChatSettings>(DEFAULT_SETTINGS);
  const [toolsText, setToolsText] = useState('');
  const [draft, setDraft] = useState('');
  const [curlOpen, setCurlOpen] = useState(false);

  const models = useApiQuery(
    (api, signal) => api.get<ListResponse<{ id: string }>>('/admin/models', undefined, signal),
    [],
  );
  const modelIds = useMemo(() => models.data?.data.map((model) => model.id), [models.data]);
  useEffect(() => {
    const first = modelIds?.[0];
    if (first && !modelIds.includes(settings.model)) setSettings((current) => ({ ...current, model: first }));
  }, [modelIds, settings.model]);

  const toolsCheck = useMemo(() => checkToolsJson(toolsText), [toolsText]);
  const effective = useMemo<ChatSettings>(
    () => ({ ...settings, tools: toolsCheck.ok ? toolsCheck.tools : [] }),
    [settings, toolsCheck],
  );
  const chat = usePlaygroundChat(effective);

  // Field errors: out of range here, or the last refusal naming a field.
  const lastError = [...chat.items].reverse().find((item) => item.kind === 'assistant')?.turn.error ?? null;
  const invalid = invalidParameter(settings);
  const fieldErrors: Partial<Record<ParameterField | 'response_format', string>> = {};
  if (invalid) fieldErrors[invalid] = t(`playground.invalid.${invalid}`);
  const serverParam = lastError?.param ?? null;
  if (serverParam === 'temperature' || serverParam === 'top_p' || serverParam === 'max_tokens') {
    fieldErrors[serverParam] ??= lastError?.message;
  }
  if (serverParam === 'response_format' && lastError) fieldErrors.response_format = lastError.message;
  const toolsServerError =
    serverParam?.startsWith('tools') || serverParam === 'tool_choice' ? lastError?.message : null;

  const last = chat.items.at(-1);
  const blockedReason = !canWrite
    ? t('playground.viewerHint')
    : !settings.model
      ? t('playground.pickModel')
      : !toolsCheck.ok
        ? t('playground.fixTools')
        : invalid
          ? t('playground.fixParameters')
          : null;

  const curl = useMemo(() => {
    if (!curlOpen) return '';
    const history = historyOf(chat.items);
    if (draft.trim() !== '') history.push({ role: 'user', content: draft });
    return curlCommand(window.location.origin, buildChatRequest(effective, history));
  }, [curlOpen, chat.items, draft, effective]);

  const patch = (next: Partial<ChatSettings>) => setSettings((current) => ({ ...current, ...next }));

  return (
    <>
      <PageHeader
        title={t('nav.playground')}
        description={t('page.playground.description')}
        actions={
          <>
            <button
              type="button"
              className="button"
              onClick={() => setCurlOpen(true)}
              disabled={!settings.model}
              data-testid="playground-curl"
            >
              {t('playground.copyCurl')}
            </button>
            <button
              type="button"
              className="button"
              onClick={chat.clear}
              disabled={chat.items.length === 0}
              data-testid="playground-clear"
            >
              {t('playground.clear')}
            </button>
          </>
        }
      />
      <ErrorBanner error={models.error} onRetry={models.reload} />
      <div className="pg-layout">
        <section className="card pg-settings" aria-label={t('playground.settings')}>
          <ModelPicker
            models={modelIds}
            value={settings.model}
            onChange={(model) => patch({ model })}
            error={serverParam === 'model' ? lastError?.message : null}
          />
          <TextAreaField
            label={t('playground.systemPrompt')}
            rows={3}
            value={settings.systemPrompt}
            placeholder={t('playground.systemPromptPlaceholder')}
            onChange={(event) => patch({ systemPrompt: event.target.value })}
            data-testid="playground-system"
          />
          <ParametersPanel settings={settings} onChange={patch} errors={fieldErrors} />
          <ToolsEditor
            text={toolsText}
            onText={setToolsText}
            check={toolsCheck}
            toolChoice={settings.toolChoice}
            onToolChoice={(toolChoice) => patch({ toolChoice })}
            serverError={toolsServerError}
          />
        </section>
        <section className="card pg-chat" aria-label={t('playground.conversation')}>
          <MessageList items={chat.items} onToolResult={chat.addToolResult} />
          <Composer
            draft={draft}
            onDraft={setDraft}
            running={chat.running}
            canContinue={last?.kind === 'tool'}
            blockedReason={blockedReason}
            onSend={chat.send}
            onContinue={chat.continueTurn}
            onStop={chat.stop}
          />
        </section>
      </div>
      {curlOpen && <CurlDialog command={curl} onClose={() => setCurlOpen(false)} />}
    </>
  );
}
