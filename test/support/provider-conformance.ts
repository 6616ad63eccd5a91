import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatCompletionChunk, ChatRequest, FinishReason, Usage } from '../../src/api/chat-types.js';
import { UpstreamError } from '../../src/api/gateway-error.js';
import type { ProviderAdapter, UpstreamCall, UpstreamTarget } from '../../src/providers/provider-adapter.js';
import { CONFORMANCE_MODELS } from './conformance-answers.js';

/**
 * One provider under the conformance suite: its adapter and a fake upstream that speaks the vendor's
 * documented protocol and renders the answers of conformance-answers.ts. Adding a provider means one
 * more test file that calls describeProviderConformance with its harness.
 */
export interface ConformanceHarness {
  name: string;
  adapter: ProviderAdapter;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A target on the started fake whose upstream model (deployment, model id) is `upstreamModel`. */
  target(upstreamModel: string): UpstreamTarget;
  /** What the vendor's wire carries, where vendors differ; cases check everything the vendor reports. */
  reports: {
    cachedTokens: boolean;
    reasoningTokens: boolean;
    /** Gemini has no call ids: the adapter makes them up, so only their shape is checked. */
    toolCallIds: boolean;
  };
}

const TOOLS: ChatRequest['tools'] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_time',
      parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } },
    },
  },
];

const PARIS_ARGUMENTS = '{"city":"Paris","unit":"celsius"}';
const TOKYO_ARGUMENTS = '{"city":"Tokyo","unit":"celsius"}';

function chatRequest(withTools = false): ChatRequest {
  return {
    model: 'conformance-public-model',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
    ],
    max_tokens: 256,
    ...(withTools ? { tools: TOOLS } : {}),
  };
}

interface CollectedStream {
  chunks: number;
  content: string;
  reasoning: string;
  firstRole: string | undefined;
  toolCalls: Array<{ index: number; id: string | undefined; name: string | undefined; arguments: string }>;
  finish: FinishReason | null;
  usage: Usage | null;
}

/** Folds a chunk stream the way an OpenAI client does (tool calls by `index`). */
async function collect(
  stream: AsyncIterable<ChatCompletionChunk>,
  seen?: { chunks: number },
): Promise<CollectedStream> {
  const result: CollectedStream = {
    chunks: 0,
    content: '',
    reasoning: '',
    firstRole: undefined,
    toolCalls: [],
    finish: null,
    usage: null,
  };
  let sawChoice = false;
  for await (const chunk of stream) {
    result.chunks++;
    if (seen) seen.chunks = result.chunks;
    if (chunk.usage) result.usage = chunk.usage;
    for (const choice of chunk.choices) {
      const delta = choice.delta;
      // The role an OpenAI client reads from the first delta of the choice.
      if (!sawChoice) result.firstRole = delta.role;
      sawChoice = true;
      result.content += delta.content ?? '';
      result.reasoning += delta.reasoning_content ?? '';
      for (const call of delta.tool_calls ?? []) {
        let entry = result.toolCalls.find((item) => item.index === call.index);
        if (!entry) {
          entry = { index: call.index, id: undefined, name: undefined, arguments: '' };
          result.toolCalls.push(entry);
        }
        entry.id ??= call.id;
        entry.name ??= call.function?.name;
        entry.arguments += call.function?.arguments ?? '';
      }
      if (choice.finish_reason) result.finish = choice.finish_reason;
    }
  }
  return result;
}

async function rejection(action: () => Promise<unknown>): Promise<UpstreamError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error('expected the adapter to throw');
}

/** The same cases for every adapter, each through its vendor's fake upstream over real HTTP. */
export function describeProviderConformance(harness: ConformanceHarness): void {
  describe(`provider conformance: ${harness.name}`, () => {
    const agent = new Agent({ connections: 8 });
    const call = (upstreamModel: string): UpstreamCall => ({
      target: harness.target(upstreamModel),
      signal: new AbortController().signal,
      http: agent,
    });
    const complete = (model: string, withTools = false) =>
      harness.adapter.complete(chatRequest(withTools), call(model));
    const stream = (model: string, withTools = false) =>
      collect(harness.adapter.stream({ ...chatRequest(withTools), stream: true }, call(model)));

    const expectedUsage = (reasoning = 0) => {
      const usage: Record<string, unknown> = { prompt_tokens: 20, completion_tokens: 12, total_tokens: 32 };
      if (harness.reports.cachedTokens)
        usage.prompt_tokens_details = expect.objectContaining({ cached_tokens: 4 });
      if (harness.reports.reasoningTokens && reasoning > 0) {
        usage.completion_tokens_details = expect.objectContaining({ reasoning_tokens: reasoning });
      }
      return expect.objectContaining(usage);
    };

    const expectCalls = (
      calls: Array<{
        id?: string | undefined;
        name?: string | undefined;
        arguments?: string;
        function?: unknown;
      }>,
      expected: Array<{ id: string; name: string; arguments: string }>,
    ) => {
      expect(calls).toHaveLength(expected.length);
      const ids = calls.map((item) => item.id);
      expect(new Set(ids).size).toBe(expected.length);
      calls.forEach((item, index) => {
        expect(typeof item.id === 'string' && item.id.length > 0).toBe(true);
        if (harness.reports.toolCallIds) expect(item.id).toBe(expected[index]!.id);
        expect(item.name).toBe(expected[index]!.name);
        expect(item.arguments).toBe(expected[index]!.arguments);
      });
    };

    beforeAll(() => harness.start());
    afterAll(async () => {
      await agent.close();
      await harness.stop();
    });

    it('answers plain text, streamed and not, with the same content and a stop finish', async () => {
      const completion = await complete(CONFORMANCE_MODELS.text);
      const message = completion.choices[0]!.message;
      expect(message).toMatchObject({ role: 'assistant', content: 'Hello from the conformance suite.' });
      expect(message.tool_calls ?? []).toEqual([]);
      expect(completion.choices[0]!.finish_reason).toBe('stop');
      const streamed = await stream(CONFORMANCE_MODELS.text);
      expect(streamed.content).toBe(message.content);
      expect(streamed.firstRole).toBe('assistant');
      expect(streamed.finish).toBe('stop');
      expect(streamed.chunks).toBeGreaterThan(2);
    });

    it('reports usage exactly, cached tokens included where the vendor counts them', async () => {
      expect((await complete(CONFORMANCE_MODELS.text)).usage).toEqual(expectedUsage());
      expect((await stream(CONFORMANCE_MODELS.text)).usage).toEqual(expectedUsage());
    });

    it('reassembles a tool call whose arguments arrive in many pieces', async () => {
      const expected = [{ id: 'call_conf_paris', name: 'get_weather', arguments: PARIS_ARGUMENTS }];
      const streamed = await stream(CONFORMANCE_MODELS.tool, true);
      expect(streamed.toolCalls.map((item) => item.index)).toEqual([0]);
      expectCalls(streamed.toolCalls, expected);
      expect(streamed.finish).toBe('tool_calls');
      const completion = await complete(CONFORMANCE_MODELS.tool, true);
      const calls = completion.choices[0]!.message.tool_calls ?? [];
      expectCalls(
        calls.map((item) => ({ id: item.id, name: item.function.name, arguments: item.function.arguments })),
        expected,
      );
      expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    });

    it('keeps text that comes before a tool call, and numbers the call 0', async () => {
      const streamed = await stream(CONFORMANCE_MODELS.textThenTool, true);
      expect(streamed.content).toBe('Let me check.');
      expect(streamed.toolCalls.map((item) => item.index)).toEqual([0]);
      expectCalls(streamed.toolCalls, [
        { id: 'call_conf_paris', name: 'get_weather', arguments: PARIS_ARGUMENTS },
      ]);
      const message = (await complete(CONFORMANCE_MODELS.textThenTool, true)).choices[0]!.message;
      expect(message.content).toBe('Let me check.');
      expect(message.tool_calls).toHaveLength(1);
    });

    it('streams parallel tool calls as indexes 0 and 1 with their arguments intact', async () => {
      const expected = [
        { id: 'call_conf_paris', name: 'get_weather', arguments: PARIS_ARGUMENTS },
        { id: 'call_conf_tokyo', name: 'get_time', arguments: TOKYO_ARGUMENTS },
      ];
      const streamed = await stream(CONFORMANCE_MODELS.parallelTools, true);
      expect(streamed.toolCalls.map((item) => item.index)).toEqual([0, 1]);
      expectCalls(streamed.toolCalls, expected);
      expect(streamed.finish).toBe('tool_calls');
      const calls =
        (await complete(CONFORMANCE_MODELS.parallelTools, true)).choices[0]!.message.tool_calls ?? [];
      expectCalls(
        calls.map((item) => ({ id: item.id, name: item.function.name, arguments: item.function.arguments })),
        expected,
      );
    });

    it('surfaces thinking as reasoning_content, apart from the answer', async () => {
      const streamed = await stream(CONFORMANCE_MODELS.reasoning);
      expect(streamed.reasoning).toBe('Thinking it through.');
      expect(streamed.content).toBe('The answer is 4.');
      expect(streamed.usage).toEqual(expectedUsage(5));
      const completion = await complete(CONFORMANCE_MODELS.reasoning);
      expect(completion.choices[0]!.message).toMatchObject({
        content: 'The answer is 4.',
        reasoning_content: 'Thinking it through.',
      });
      expect(completion.choices[0]!.message).not.toHaveProperty('reasoning');
      expect(completion.usage).toEqual(expectedUsage(5));
    });

    it("maps the vendor's output-limit stop to finish_reason length", async () => {
      expect((await complete(CONFORMANCE_MODELS.length)).choices[0]!.finish_reason).toBe('length');
      expect((await stream(CONFORMANCE_MODELS.length)).finish).toBe('length');
    });

    it('relays an upstream 400 as a 400 that is not retried', async () => {
      for (const action of [
        () => complete(CONFORMANCE_MODELS.error400),
        () => stream(CONFORMANCE_MODELS.error400),
      ]) {
        const error = await rejection(action);
        expect(error).toMatchObject({ status: 400, retryable: false });
        expect(error.details.upstreamStatus).toBe(400);
      }
    });

    it('turns an upstream 500 into a retryable 502', async () => {
      for (const action of [
        () => complete(CONFORMANCE_MODELS.error500),
        () => stream(CONFORMANCE_MODELS.error500),
      ]) {
        const error = await rejection(action);
        expect(error).toMatchObject({ status: 502, retryable: true });
        expect(error.details.upstreamStatus).toBe(500);
      }
    });

    it('throws after the first chunks when the vendor reports an error mid-stream', async () => {
      const seen = { chunks: 0 };
      const source = harness.adapter.stream(
        { ...chatRequest(), stream: true },
        call(CONFORMANCE_MODELS.midStreamError),
      );
      const error = await rejection(() => collect(source, seen));
      expect(seen.chunks).toBeGreaterThan(0);
      expect(error.message).toContain('mid-stream');
      expect(error.status).toBeGreaterThanOrEqual(500);
    });

    it('throws after the first chunks when the stream turns malformed', async () => {
      const seen = { chunks: 0 };
      const source = harness.adapter.stream(
        { ...chatRequest(), stream: true },
        call(CONFORMANCE_MODELS.malformedStream),
      );
      const error = await rejection(() => collect(source, seen));
      expect(seen.chunks).toBeGreaterThan(0);
      expect(error.message).toContain('malformed');
      expect(error).toMatchObject({ status: 502 });
    });

    it('stops and reports a cancellation when the client goes away mid-stream', async () => {
      const controller = new AbortController();
      const source = harness.adapter.stream(
        { ...chatRequest(), stream: true },
        { ...call(CONFORMANCE_MODELS.slowStream), signal: controller.signal },
      );
      let chunks = 0;
      const error = await rejection(async () => {
        for await (const _chunk of source) {
          chunks++;
          if (chunks === 2) controller.abort();
        }
      });
      expect(chunks).toBeLessThan(10);
      expect(error.code).toBe('client_closed_request');
    });
  });
}
