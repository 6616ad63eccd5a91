import type { ServerResponse } from 'node:http';
import {
  type ConformanceAnswer,
  conformanceErrorStatus,
  findConformanceAnswer,
  streamBreakOf,
  writeConformanceEvents,
} from './conformance-answers.js';

/*
 * The conformance answers (conformance-answers.ts) in Anthropic's Messages API: thinking, text and
 * tool_use content blocks, input_json_delta pieces, usage split into input and cache reads, and
 * `event: error` mid-stream. @see https://docs.anthropic.com/en/api/messages-streaming
 */

const STOP_REASONS = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' } as const;
const SIGNATURE = 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds';

function send(response: ServerResponse, status: number, body: unknown): true {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
  return true;
}

function event(data: Record<string, unknown>): string {
  return `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Answers a conformance model; false for any other model. */
export function answerAnthropicConformance(body: Record<string, unknown>, response: ServerResponse): boolean {
  const model = String(body.model);
  const status = conformanceErrorStatus(model);
  if (status === 400) {
    return send(response, 400, {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 200001 tokens > 200000 maximum' },
    });
  }
  if (status === 500) {
    return send(response, 500, {
      type: 'error',
      error: { type: 'api_error', message: 'Internal server error' },
    });
  }
  const answer = findConformanceAnswer(model);
  if (!answer) return false;
  if (body.stream === true) {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    void writeConformanceEvents(response, model, toEvents(answer, model));
    return true;
  }
  return send(response, 200, toMessage(answer, model));
}

function startUsage(answer: ConformanceAnswer) {
  return {
    input_tokens: answer.usage.prompt - answer.usage.cached,
    cache_read_input_tokens: answer.usage.cached,
    cache_creation_input_tokens: 0,
  };
}

function toMessage(answer: ConformanceAnswer, model: string) {
  const content: unknown[] = [];
  if (answer.reasoningPieces.length > 0) {
    content.push({ type: 'thinking', thinking: answer.reasoningPieces.join(''), signature: SIGNATURE });
  }
  if (answer.textPieces.length > 0) content.push({ type: 'text', text: answer.textPieces.join('') });
  for (const call of answer.toolCalls) {
    content.push({
      type: 'tool_use',
      id: call.id,
      name: call.name,
      input: JSON.parse(call.argumentPieces.join('')),
    });
  }
  return {
    id: 'msg_conformance',
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: STOP_REASONS[answer.finish],
    stop_sequence: null,
    usage: { ...startUsage(answer), output_tokens: answer.usage.completion },
  };
}

function toEvents(answer: ConformanceAnswer, model: string): string[] {
  const events = [
    event({
      type: 'message_start',
      message: {
        id: 'msg_conformance',
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...startUsage(answer), output_tokens: 1 },
      },
    }),
  ];
  let index = 0;
  const block = (start: Record<string, unknown>, deltas: Array<Record<string, unknown>>) => {
    events.push(event({ type: 'content_block_start', index, content_block: start }));
    for (const delta of deltas) events.push(event({ type: 'content_block_delta', index, delta }));
    events.push(event({ type: 'content_block_stop', index }));
    index++;
  };
  if (answer.reasoningPieces.length > 0) {
    block({ type: 'thinking', thinking: '' }, [
      ...answer.reasoningPieces.map((thinking) => ({ type: 'thinking_delta', thinking })),
      { type: 'signature_delta', signature: SIGNATURE },
    ]);
  }
  if (answer.textPieces.length > 0) {
    events.push(event({ type: 'ping' }));
    block(
      { type: 'text', text: '' },
      answer.textPieces.map((text) => ({ type: 'text_delta', text })),
    );
  }
  const streamBreak = streamBreakOf(model);
  if (streamBreak === 'error') {
    events.push(event({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    return events;
  }
  if (streamBreak === 'malformed') {
    events.push('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,\n\n');
    return events;
  }
  for (const call of answer.toolCalls) {
    block(
      { type: 'tool_use', id: call.id, name: call.name, input: {} },
      call.argumentPieces.map((partial_json) => ({ type: 'input_json_delta', partial_json })),
    );
  }
  events.push(
    event({
      type: 'message_delta',
      delta: { stop_reason: STOP_REASONS[answer.finish], stop_sequence: null },
      usage: { output_tokens: answer.usage.completion },
    }),
    event({ type: 'message_stop' }),
  );
  return events;
}
