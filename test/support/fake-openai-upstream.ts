import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on loopback that speaks the OpenAI Chat Completions protocol the way OpenAI
 * does (JSON, SSE chunks, usage chunk only when asked, error envelopes). The upstream model id
 * selects a behaviour, so a channel's model_map can point public models at scenarios.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export const UPSTREAM_KEY = 'sk-upstream-test-0123456789';

interface Message {
  role: string;
  content?: unknown;
}

export class FakeOpenAiUpstream {
  readonly requests: RecordedRequest[] = [];
  /** Upstream connections closed by the peer before the response finished (client aborts reaching us). */
  abortedResponses = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
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
    response.on('close', () => {
      if (!response.writableFinished) this.abortedResponses++;
    });
    if (request.headers.authorization !== `Bearer ${UPSTREAM_KEY}`) {
      return sendJson(
        response,
        401,
        errorBody('Incorrect API key provided: sk-upst...0000.', 'invalid_api_key'),
      );
    }
    if (request.url !== '/v1/chat/completions')
      return sendJson(response, 404, errorBody('Unknown path', null));
    const model = String(body.model);
    const scenario = SCENARIOS[model] ?? SCENARIOS.echo;
    await scenario!(body, response, this);
  }
}

type Scenario = (
  body: Record<string, unknown>,
  response: ServerResponse,
  upstream: FakeOpenAiUpstream,
) => Promise<void> | void;

const CREATED = 1_767_225_600;

function errorBody(
  message: string,
  code: string | null,
  type = 'invalid_request_error',
  param: string | null = null,
) {
  return { error: { message, type, param, code } };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages ?? []) as Message[];
  const user = [...messages].reverse().find((message) => message.role === 'user');
  if (!user) return '';
  if (typeof user.content === 'string') return user.content;
  if (Array.isArray(user.content)) {
    return user.content.map((part: { text?: string }) => part.text ?? '').join('');
  }
  return '';
}

/** Deterministic token counts: one per whitespace-separated word, so tests can predict them. */
function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function promptTokens(body: Record<string, unknown>): number {
  const messages = (body.messages ?? []) as Message[];
  return messages.reduce(
    (sum, message) => sum + 3 + countWords(typeof message.content === 'string' ? message.content : ''),
    0,
  );
}

function usageFor(body: Record<string, unknown>, completionTokens: number) {
  const prompt = promptTokens(body);
  return {
    prompt_tokens: prompt,
    completion_tokens: completionTokens,
    total_tokens: prompt + completionTokens,
    prompt_tokens_details: { cached_tokens: 2 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

function chunk(model: string, choices: unknown[], extra: Record<string, unknown> = {}) {
  return { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: CREATED, model, choices, ...extra };
}

function startStream(response: ServerResponse) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

function writeEvent(response: ServerResponse, data: unknown) {
  response.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function wantsUsage(body: Record<string, unknown>): boolean {
  return (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
}

/** Streams `pieces` as content deltas, then the finish chunk, then usage when asked, then [DONE]. */
async function streamText(
  body: Record<string, unknown>,
  response: ServerResponse,
  pieces: string[],
  options: { delayMs?: number; sendUsage?: boolean; finishReason?: string } = {},
) {
  const model = String(body.model);
  const includeUsage = wantsUsage(body) && options.sendUsage !== false;
  const usageField = includeUsage ? { usage: null } : {};
  startStream(response);
  writeEvent(
    response,
    chunk(
      model,
      [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
      usageField,
    ),
  );
  for (const piece of pieces) {
    if (options.delayMs) await sleep(options.delayMs);
    if (response.destroyed) return;
    writeEvent(
      response,
      chunk(
        model,
        [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }],
        usageField,
      ),
    );
  }
  writeEvent(
    response,
    chunk(
      model,
      [{ index: 0, delta: {}, logprobs: null, finish_reason: options.finishReason ?? 'stop' }],
      usageField,
    ),
  );
  if (includeUsage) writeEvent(response, chunk(model, [], { usage: usageFor(body, pieces.length) }));
  writeEvent(response, '[DONE]');
  response.end();
}

function completion(
  body: Record<string, unknown>,
  message: Record<string, unknown>,
  finishReason: string,
  completionTokens: number,
  withUsage = true,
) {
  const n = typeof body.n === 'number' ? body.n : 1;
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: CREATED,
    model: String(body.model),
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      message: { role: 'assistant', refusal: null, ...message },
      logprobs: null,
      finish_reason: finishReason,
    })),
    ...(withUsage ? { usage: usageFor(body, completionTokens * n) } : {}),
  };
}

function echoPieces(body: Record<string, unknown>): string[] {
  const words = `Echo: ${lastUserText(body)}`.split(' ');
  return words.map((word, index) => (index === 0 ? word : ` ${word}`));
}

const TOOL_ARGUMENT_PIECES = ['{"ci', 'ty": "Pa', 'ris", "unit"', ': "celsius"}'];

const SCENARIOS: Record<string, Scenario> = {
  echo: async (body, response) => {
    const pieces = echoPieces(body);
    if (body.stream === true) return streamText(body, response, pieces);
    sendJson(response, 200, completion(body, { content: pieces.join('') }, 'stop', pieces.length));
  },
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
  'error-401': (_body, response) =>
    sendJson(
      response,
      401,
      errorBody('Incorrect API key provided: sk-upstream-test-0123456789.', 'invalid_api_key'),
    ),
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
