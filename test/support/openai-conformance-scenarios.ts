import type { ServerResponse } from 'node:http';
import {
  type ConformanceAnswer,
  conformanceErrorStatus,
  findConformanceAnswer,
  streamBreakOf,
  writeConformanceEvents,
} from './conformance-answers.js';
import { CREATED, sendJson, startStream, wantsUsage } from './openai-wire.js';

/** How one Chat Completions vendor differs on the wire, for the fakes that speak it. */
export interface ChatCompletionsDialect {
  /** The vendor's name for thinking text on messages and deltas. */
  reasoningField: 'reasoning_content' | 'reasoning';
  /** `when-asked`: OpenAI's usage chunk after `stream_options.include_usage`; `on-finish`: always, on the last chunk. */
  streamUsage: 'when-asked' | 'on-finish';
  /** The vendor's error body for an HTTP status. */
  errorBody(status: 400 | 500): unknown;
  /** Extra fields on every chunk and completion (Azure's content filter results). */
  extraFields?: Record<string, unknown>;
  /** Azure's first chunk: `choices: []` with only `prompt_filter_results`. */
  promptFilterChunk?: boolean;
}

export const OPENAI_DIALECT: ChatCompletionsDialect = {
  reasoningField: 'reasoning_content',
  streamUsage: 'when-asked',
  errorBody: (status) =>
    status === 400
      ? {
          error: {
            message: "This model's maximum context length is 8192 tokens.",
            type: 'invalid_request_error',
            param: 'messages',
            code: 'context_length_exceeded',
          },
        }
      : { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } },
};

/** Answers a conformance model (see conformance-answers.ts) in Chat Completions; false for other models. */
export function answerChatCompletionsConformance(
  body: Record<string, unknown>,
  response: ServerResponse,
  dialect: ChatCompletionsDialect,
  model = String(body.model),
): boolean {
  const status = conformanceErrorStatus(model);
  if (status !== null) {
    sendJson(response, status, dialect.errorBody(status));
    return true;
  }
  const answer = findConformanceAnswer(model);
  if (!answer) return false;
  if (body.stream === true) streamAnswer(body, response, dialect, model, answer);
  else sendJson(response, 200, toCompletion(answer, dialect, model));
  return true;
}

function toUsage(answer: ConformanceAnswer) {
  const { prompt, cached, completion, reasoning } = answer.usage;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached },
    completion_tokens_details: { reasoning_tokens: reasoning },
  };
}

function toCompletion(answer: ConformanceAnswer, dialect: ChatCompletionsDialect, model: string) {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: answer.textPieces.length > 0 ? answer.textPieces.join('') : null,
    refusal: null,
  };
  if (answer.reasoningPieces.length > 0) message[dialect.reasoningField] = answer.reasoningPieces.join('');
  if (answer.toolCalls.length > 0) {
    message.tool_calls = answer.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.argumentPieces.join('') },
    }));
  }
  return {
    id: 'chatcmpl-conformance',
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finish, ...dialect.extraFields }],
    usage: toUsage(answer),
  };
}

function streamAnswer(
  body: Record<string, unknown>,
  response: ServerResponse,
  dialect: ChatCompletionsDialect,
  model: string,
  answer: ConformanceAnswer,
): void {
  const usageChunk = dialect.streamUsage === 'when-asked' && wantsUsage(body);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra = {}) => ({
    id: 'chatcmpl-conformance',
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish, ...dialect.extraFields }],
    ...(usageChunk ? { usage: null } : {}),
    ...extra,
  });
  const events: string[] = [];
  const push = (data: unknown) =>
    events.push(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  if (dialect.promptFilterChunk) {
    push({
      id: '',
      object: '',
      created: 0,
      model: '',
      choices: [],
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false } } }],
    });
  }
  push(chunk({ role: 'assistant', content: '' }));
  for (const piece of answer.reasoningPieces) push(chunk({ [dialect.reasoningField]: piece }));
  for (const piece of answer.textPieces) push(chunk({ content: piece }));
  const streamBreak = streamBreakOf(model);
  if (streamBreak === 'error') {
    push({
      error: { message: 'The server had an error while processing your request.', type: 'server_error' },
    });
  } else if (streamBreak === 'malformed') {
    push('{"id":"chatcmpl-conformance","choices":[{"index":0,"delta":{"content":"x"');
  } else {
    answer.toolCalls.forEach((call, index) => {
      const start = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
      push(chunk({ tool_calls: [start] }));
      for (const piece of call.argumentPieces) {
        push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    const onFinish = dialect.streamUsage === 'on-finish' ? { usage: toUsage(answer) } : {};
    push(chunk({}, answer.finish, onFinish));
    if (usageChunk) push({ ...chunk({}), choices: [], usage: toUsage(answer) });
    push('[DONE]');
  }
  startStream(response);
  void writeConformanceEvents(response, model, events);
}
