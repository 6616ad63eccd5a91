import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ASSISTANT_TURN_SCENARIOS } from './assistant-turn-scenarios.js';
import { answerOpenAiEmbeddings } from './fake-embeddings.js';
import {
  FAULT_SCENARIOS,
  type FailureMode,
  FaultState,
  resetConnection,
  sendFailure,
  wasResetDeliberately,
} from './fault-scenarios.js';
import { answerChatCompletionsConformance, OPENAI_DIALECT } from './openai-conformance-scenarios.js';
import {
  answerEcho,
  bearerKey,
  chunk,
  completion,
  echoPieces,
  errorBody,
  type Scenario,
  sendJson,
  sleep,
  startStream,
  streamText,
  usageFor,
  wantsUsage,
  writeEvent,
} from './openai-wire.js';

export type { FailureMode } from './fault-scenarios.js';

/**
 * A real HTTP server on loopback that speaks the OpenAI Chat Completions protocol the way OpenAI
 * does (JSON, SSE chunks, usage chunk only when asked, error envelopes). The upstream model id
 * selects a behaviour, so a channel's model_map can point public models at scenarios. Faults
 * (failure modes, refused keys, counters) are driven from the instance; see fault-scenarios.ts.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export const UPSTREAM_KEY = 'sk-upstream-test-0123456789';
/** Keys the fake accepts out of the box, for channels with several upstream keys (round-robin tests). */
export const UPSTREAM_KEYS: readonly string[] = [
  UPSTREAM_KEY,
  'sk-upstream-test-second-0123456789',
  'sk-upstream-test-third-0123456789',
];

export class FakeOpenAiUpstream {
  readonly requests: RecordedRequest[] = [];
  /** Upstream connections closed by the peer before the response finished (client aborts reaching us). */
  abortedResponses = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly acceptedKeys = new Set<string>(UPSTREAM_KEYS);
  private readonly faults = new FaultState();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  lastRequest(): RecordedRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error('the fake upstream has received no request');
    return last;
  }

  /**
   * Makes calls of `model` (any upstream model id, scenario or echo target) fail per `mode` before
   * their normal behaviour, counting from now; `null` removes the mode. Failures are OpenAI error
   * envelopes with the given status (default 500) or TCP resets. Counted in failuresFor().
   */
  setFailureMode(model: string, mode: FailureMode | null): void {
    this.faults.setMode(model, mode);
  }

  /** Chat and embeddings requests that named `model`, whatever their outcome (refused keys included). */
  callsFor(model: string): number {
    return this.faults.callsFor(model);
  }

  /** Failures the fake injected for `model`: failure modes, flaky-500, and requests with a refused key. */
  failuresFor(model: string): number {
    return this.faults.failuresFor(model);
  }

  /** The API key (bearer token of `authorization`, '' when none) of every request, in arrival order. */
  keysSeen(): string[] {
    return [...this.faults.keys];
  }

  /** Accepts one more upstream API key (UPSTREAM_KEYS are accepted from the start). */
  acceptKey(key: string): void {
    this.acceptedKeys.add(key);
  }

  /** Refuses every request carrying `key` with OpenAI's 401 (invalid key) or 403 (permission) error. */
  rejectKey(key: string, status: 401 | 403): void {
    this.faults.rejectKey(key, status);
  }

  hasRejectedKeys(): boolean {
    return this.faults.hasRejectedKeys();
  }

  /** How long `slow-ok` waits before answering (default SLOW_OK_DEFAULT_DELAY_MS). */
  get slowOkDelayMs(): number {
    return this.faults.slowOkDelayMs;
  }

  set slowOkDelayMs(ms: number) {
    this.faults.slowOkDelayMs = ms;
  }

  /**
   * Clears failure modes (flaky-500 restarts its count), refused keys, call and failure counters and
   * keysSeen(), and restores the slow-ok delay to SLOW_OK_DEFAULT_DELAY_MS. `requests`, extra accepted
   * keys and abortedResponses are kept.
   */
  reset(): void {
    this.faults.reset();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    this.requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      body,
    });
    const key = bearerKey(request);
    this.faults.recordKey(key);
    const model = String(body.model);
    const isChat = request.url === '/v1/chat/completions';
    const isEmbeddings = request.url === '/v1/embeddings';
    // Embeddings share the chat path's faults (failure modes, refused keys, counters) by model.
    const isCounted = isChat || isEmbeddings;
    if (isCounted) this.faults.recordCall(model);
    response.on('close', () => {
      if (!response.writableFinished && !wasResetDeliberately(request.socket)) this.abortedResponses++;
    });
    const refusal = this.faults.rejectionFor(key);
    if (refusal) {
      if (isCounted) this.faults.recordFailure(model);
      return sendFailure(response, refusal, model, key);
    }
    if (!this.acceptedKeys.has(key) || request.headers.authorization !== `Bearer ${key}`) {
      return sendJson(
        response,
        401,
        errorBody('Incorrect API key provided: sk-upst...0000.', 'invalid_api_key'),
      );
    }
    if (!isCounted) return sendJson(response, 404, errorBody('Unknown path', null));
    const fault = this.faults.nextFault(model);
    if (fault) {
      this.faults.recordFailure(model);
      if (fault.kind === 'reset') return resetConnection(request);
      return sendFailure(response, fault.status, model, key);
    }
    if (isEmbeddings) return answerOpenAiEmbeddings(body, response);
    // The provider conformance suite's answers (conformance-answers.ts), in OpenAI's own dialect.
    if (answerChatCompletionsConformance(body, response, OPENAI_DIALECT)) return;
    const scenario =
      SCENARIOS[model] ?? FAULT_SCENARIOS[model] ?? ASSISTANT_TURN_SCENARIOS[model] ?? SCENARIOS.echo;
    await scenario!(body, response, this, request);
  }
}

const TOOL_ARGUMENT_PIECES = ['{"ci', 'ty": "Pa', 'ris", "unit"', ': "celsius"}'];

const SCENARIOS: Record<string, Scenario> = {
  echo: (body, response) => answerEcho(body, response),
  'no-usage': async (body, response) => {
    const pieces = echoPieces(body);
    if (body.stream === true) return streamText(body, response, pieces, { sendUsage: false });
    sendJson(response, 200, completion(body, { content: pieces.join('') }, 'stop', pieces.length, false));
  },
  tools: async (body, response) => {
    const tools = (body.tools ?? []) as Array<{ function: { name: string } }>;
    const parallel = body.parallel_tool_calls !== false && tools.length > 1;
    const names = tools.slice(0, parallel ? 2 : 1).map((tool) => tool.function.name);
    const model = String(body.model);
    if (body.stream !== true) {
      const tool_calls = names.map((name, index) => ({
        id: `call_${index}`,
        type: 'function',
        function: { name, arguments: TOOL_ARGUMENT_PIECES.join('') },
      }));
      return sendJson(response, 200, completion(body, { content: null, tool_calls }, 'tool_calls', 12));
    }
    const usageField = wantsUsage(body) ? { usage: null } : {};
    startStream(response);
    writeEvent(
      response,
      chunk(
        model,
        [{ index: 0, delta: { role: 'assistant', content: null }, logprobs: null, finish_reason: null }],
        usageField,
      ),
    );
    for (const [index, name] of names.entries()) {
      writeEvent(
        response,
        chunk(
          model,
          [
            {
              index: 0,
              delta: {
                tool_calls: [
                  { index, id: `call_${index}`, type: 'function', function: { name, arguments: '' } },
                ],
              },
              logprobs: null,
              finish_reason: null,
            },
          ],
          usageField,
        ),
      );
      for (const piece of TOOL_ARGUMENT_PIECES) {
        writeEvent(
          response,
          chunk(
            model,
            [
              {
                index: 0,
                delta: { tool_calls: [{ index, function: { arguments: piece } }] },
                logprobs: null,
                finish_reason: null,
              },
            ],
            usageField,
          ),
        );
      }
    }
    writeEvent(
      response,
      chunk(model, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }], usageField),
    );
    if (wantsUsage(body)) writeEvent(response, chunk(model, [], { usage: usageFor(body, 12) }));
    writeEvent(response, '[DONE]');
    response.end();
  },
  'slow-stream': (body, response) =>
    streamText(
      body,
      response,
      Array.from({ length: 200 }, (_, index) => `w${index} `),
      { delayMs: 20 },
    ),
  'stall-headers': async () => {
    // Never answers: the gateway's first-byte timeout must cut it.
  },
  'stall-mid-stream': async (body, response) => {
    startStream(response);
    writeEvent(
      response,
      chunk(String(body.model), [
        { index: 0, delta: { role: 'assistant', content: 'partial' }, logprobs: null, finish_reason: null },
      ]),
    );
  },
  'broken-stream': async (body, response) => {
    startStream(response);
    writeEvent(
      response,
      chunk(String(body.model), [
        { index: 0, delta: { role: 'assistant', content: 'Hello' }, logprobs: null, finish_reason: null },
      ]),
    );
    await sleep(10);
    response.socket?.destroy();
  },
  'malformed-sse': async (body, response) => {
    startStream(response);
    writeEvent(
      response,
      chunk(String(body.model), [
        { index: 0, delta: { role: 'assistant', content: 'Hi' }, logprobs: null, finish_reason: null },
      ]),
    );
    writeEvent(response, '{not json');
    response.end();
  },
  'error-in-stream': async (body, response) => {
    startStream(response);
    writeEvent(
      response,
      chunk(String(body.model), [
        { index: 0, delta: { role: 'assistant', content: 'Hi' }, logprobs: null, finish_reason: null },
      ]),
    );
    writeEvent(
      response,
      errorBody('The server had an error while processing your request.', null, 'server_error'),
    );
    response.end();
  },
  'error-400': (_body, response) =>
    sendJson(
      response,
      400,
      errorBody(
        "This model's maximum context length is 8192 tokens.",
        'context_length_exceeded',
        'invalid_request_error',
        'messages',
      ),
    ),
  // Refuses every key; once rejectKey() has refused some, only those fail (refused before any scenario
  // runs) and the other keys get the echo answer.
  'error-401': (body, response, upstream) => {
    if (upstream.hasRejectedKeys()) return answerEcho(body, response);
    sendJson(
      response,
      401,
      errorBody('Incorrect API key provided: sk-upstream-test-0123456789.', 'invalid_api_key'),
    );
  },
  'error-429': (_body, response) =>
    sendJson(response, 429, errorBody('Rate limit reached for requests', 'rate_limit_exceeded', 'requests'), {
      'retry-after': '7',
    }),
  'error-500': (_body, response) =>
    sendJson(response, 500, errorBody('The server had an error', null, 'server_error')),
  'error-html-502': (_body, response) => {
    response.writeHead(502, { 'content-type': 'text/html' });
    response.end('<html><body>Bad gateway</body></html>');
  },
  'no-role': async (body, response) => {
    startStream(response);
    writeEvent(
      response,
      chunk(String(body.model), [
        { index: 0, delta: { content: 'no role here' }, logprobs: null, finish_reason: null },
      ]),
    );
    writeEvent(
      response,
      chunk(String(body.model), [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
    );
    if (wantsUsage(body)) writeEvent(response, chunk(String(body.model), [], { usage: usageFor(body, 3) }));
    writeEvent(response, '[DONE]');
    response.end();
  },
};
