import type { ServerResponse } from 'node:http';
import {
  chunk,
  completion,
  errorBody,
  type Message,
  type Scenario,
  sendJson,
  startStream,
  usageFor,
  wantsUsage,
  writeEvent,
} from './openai-wire.js';

/*
 * Fake-upstream scenarios for agent-style turns, in OpenAI's wire format: text streamed before parallel
 * tool calls (and the follow-up turn that answers from the tool results), and thinking streamed as
 * `reasoning_content` before the answer (DeepSeek's and Qwen's field).
 */

const ARGUMENT_PIECES: Record<number, string[]> = {
  0: ['{"ci', 'ty": "Pa', 'ris", "unit"', ': "celsius"}'],
  1: ['{"city', '": "Tok', 'yo"}'],
};

interface ToolMessage extends Message {
  tool_call_id?: string;
  tool_calls?: Array<{ id: string }>;
}

function delta(
  model: string,
  body: Record<string, unknown>,
  value: Record<string, unknown>,
  finish: string | null = null,
) {
  return chunk(
    model,
    [{ index: 0, delta: value, logprobs: null, finish_reason: finish }],
    wantsUsage(body) ? { usage: null } : {},
  );
}

/** OpenAI's own check: every tool message answers a tool call of an earlier assistant message. */
function unansweredToolMessage(messages: ToolMessage[]): string | null {
  const ids = new Set<string>();
  for (const message of messages) {
    for (const call of message.tool_calls ?? []) ids.add(call.id);
    if (message.role === 'tool' && !ids.has(String(message.tool_call_id)))
      return String(message.tool_call_id);
  }
  return null;
}

function streamPieces(
  body: Record<string, unknown>,
  response: ServerResponse,
  events: Array<Record<string, unknown>>,
  finish: string,
  completionTokens: number,
) {
  const model = String(body.model);
  startStream(response);
  writeEvent(response, delta(model, body, { role: 'assistant', content: '' }));
  for (const event of events) writeEvent(response, delta(model, body, event));
  writeEvent(response, delta(model, body, {}, finish));
  if (wantsUsage(body)) writeEvent(response, chunk(model, [], { usage: usageFor(body, completionTokens) }));
  writeEvent(response, '[DONE]');
  response.end();
}

export const ASSISTANT_TURN_SCENARIOS: Record<string, Scenario> = {
  'text-then-tools': (body, response) => {
    const messages = (body.messages ?? []) as ToolMessage[];
    const unanswered = unansweredToolMessage(messages);
    if (unanswered) {
      return sendJson(
        response,
        400,
        errorBody(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          null,
          'invalid_request_error',
          'messages',
        ),
      );
    }
    if (messages.at(-1)?.role === 'tool') {
      const results = messages
        .filter((message) => message.role === 'tool')
        .map((message) => String(message.content));
      const text = `Results: ${results.join(' | ')}`;
      if (body.stream === true) return streamPieces(body, response, [{ content: text }], 'stop', 4);
      return sendJson(response, 200, completion(body, { content: text }, 'stop', 4));
    }
    const tools = (body.tools ?? []) as Array<{ function: { name: string } }>;
    const parallel = body.parallel_tool_calls !== false && tools.length > 1;
    const names = tools.slice(0, parallel ? 2 : 1).map((tool) => tool.function.name);
    if (body.stream !== true) {
      const tool_calls = names.map((name, index) => ({
        id: `call_${index}`,
        type: 'function',
        function: { name, arguments: ARGUMENT_PIECES[index]!.join('') },
      }));
      return sendJson(
        response,
        200,
        completion(body, { content: 'Let me check.', tool_calls }, 'tool_calls', 20),
      );
    }
    const events: Array<Record<string, unknown>> = [{ content: 'Let me ' }, { content: 'check.' }];
    for (const [index, name] of names.entries()) {
      events.push({
        tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name, arguments: '' } }],
      });
      for (const piece of ARGUMENT_PIECES[index]!)
        events.push({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
    streamPieces(body, response, events, 'tool_calls', 20);
  },
  reasoning: (body, response) => {
    const thinking = ['The user ', 'says hello; ', 'greet back.'];
    const answer = ['Hello', ' there!'];
    if (body.stream !== true) {
      return sendJson(
        response,
        200,
        completion(body, { content: answer.join(''), reasoning_content: thinking.join('') }, 'stop', 9),
      );
    }
    streamPieces(
      body,
      response,
      [
        ...thinking.map((piece) => ({ reasoning_content: piece })),
        ...answer.map((piece) => ({ content: piece })),
      ],
      'stop',
      9,
    );
  },
};
