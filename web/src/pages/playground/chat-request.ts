import type { ChatRequestBody, ToolCall, WireMessage } from './chat-types';

/** The playground's settings, as the form holds them (number fields as text: empty means "not sent"). */
export interface ChatSettings {
  model: string;
  systemPrompt: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  stream: boolean;
  jsonMode: boolean;
  tools: unknown[];
  toolChoice: 'auto' | 'none' | 'required';
}

export const DEFAULT_SETTINGS: ChatSettings = {
  model: '',
  systemPrompt: '',
  temperature: '',
  topP: '',
  maxTokens: '',
  stream: true,
  jsonMode: false,
  tools: [],
  toolChoice: 'auto',
};

export type ParameterField = 'temperature' | 'top_p' | 'max_tokens';

/** Which number field is out of range (the API would refuse it), or null. */
export function invalidParameter(settings: ChatSettings): ParameterField | null {
  const bad = (text: string, min: number, max: number, integer = false) => {
    if (text.trim() === '') return false;
    const value = Number(text);
    return !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value));
  };
  if (bad(settings.temperature, 0, 2)) return 'temperature';
  if (bad(settings.topP, 0, 1)) return 'top_p';
  if (bad(settings.maxTokens, 1, Number.MAX_SAFE_INTEGER, true)) return 'max_tokens';
  return null;
}

/** One entry of the conversation as the API sees it (failed turns are left out by the caller). */
export type HistoryEntry =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export function toWireMessages(history: readonly HistoryEntry[]): WireMessage[] {
  return history.map((entry): WireMessage => {
    if (entry.role === 'user') return { role: 'user', content: entry.content };
    if (entry.role === 'tool')
      return { role: 'tool', tool_call_id: entry.toolCallId, content: entry.content };
    return entry.toolCalls.length > 0
      ? { role: 'assistant', content: entry.content || null, tool_calls: entry.toolCalls }
      : { role: 'assistant', content: entry.content };
  });
}

/**
 * The body of the next `/v1/chat/completions` call: the system prompt, the conversation, and only the
 * parameters that were set. Streaming always asks for the usage chunk (it carries OPT's cost).
 */
export function buildChatRequest(settings: ChatSettings, history: readonly HistoryEntry[]): ChatRequestBody {
  const messages: WireMessage[] = [];
  if (settings.systemPrompt.trim() !== '') messages.push({ role: 'system', content: settings.systemPrompt });
  messages.push(...toWireMessages(history));
  const body: ChatRequestBody = { model: settings.model, messages, stream: settings.stream };
  if (settings.stream) body.stream_options = { include_usage: true };
  const number = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const temperature = number(settings.temperature);
  const topP = number(settings.topP);
  const maxTokens = number(settings.maxTokens);
  if (temperature !== undefined) body.temperature = temperature;
  if (topP !== undefined) body.top_p = topP;
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  if (settings.jsonMode) body.response_format = { type: 'json_object' };
  if (settings.tools.length > 0) {
    body.tools = settings.tools;
    body.tool_choice = settings.toolChoice;
  }
  return body;
}

/**
 * The same call against OPT's public API, for a terminal: the client key comes from `$OPT_API_KEY`
 * (never the console's admin key). The body is single-quoted for POSIX shells (`'` becomes `'\''`).
 */
export function curlCommand(origin: string, body: ChatRequestBody): string {
  const json = JSON.stringify(body, null, 2).replaceAll("'", "'\\''");
  return [
    `curl ${origin}/v1/chat/completions${body.stream ? ' -N' : ''}`,
    '  -H "Authorization: Bearer $OPT_API_KEY"',
    '  -H "Content-Type: application/json"',
    `  -d '${json}'`,
  ].join(' \\\n');
}
