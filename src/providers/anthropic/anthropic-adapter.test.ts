import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import type { ChatCompletionChunk, ChatRequest } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';

const API_KEY = 'sk-ant-test-0123456789abcdef';
const REQUEST: ChatRequest = { model: 'claude', messages: [{ role: 'user', content: 'Hi' }] };

interface Recorded {
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let respond: (response: ServerResponse) => void = (response) => response.end();
const recorded: Recorded[] = [];
let server: Server;
let http: Agent;
let origin = '';

function serveFixture(name: string, status = 200): (response: ServerResponse) => void {
  return (response) => {
    const bytes = readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
    response.writeHead(status, {
      'content-type': name.endsWith('.sse') ? 'text/event-stream' : 'application/json',
    });
    // Pieces that do not line up with events, as a real upstream sends them.
    const size = Math.ceil(bytes.length / 5);
    for (let offset = 0; offset < bytes.length; offset += size)
      response.write(bytes.subarray(offset, offset + size));
    response.end();
  };
}

function call(): UpstreamCall {
  const target = createUpstreamTarget({
    channel: 'claude',
    provider: 'anthropic',
    baseUrl: origin,
    apiKey: API_KEY,
    upstreamModel: 'claude-sonnet-4-20250514',
  });
  return { target, signal: new AbortController().signal, http };
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (piece: Buffer) => {
      text += piece.toString('utf8');
    });
    request.on('end', () => {
      recorded.push({ url: request.url ?? '', headers: request.headers, body: JSON.parse(text) });
      respond(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  http = new Agent();
});

afterAll(async () => {
  await http.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('anthropicAdapter', () => {
  it('posts to /v1/messages with x-api-key and anthropic-version, and maps the message', async () => {
    respond = serveFixture('message-tool-thinking.json');
    const completion = await anthropicAdapter.complete(REQUEST, call());
    const sent = recorded.at(-1)!;
    expect(sent.url).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(API_KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toMatchObject({ model: 'claude-sonnet-4-20250514', max_tokens: 4096 });
    expect(completion).toMatchObject({
      id: 'msg_01Full',
      object: 'chat.completion',
      model: 'claude-sonnet-4-20250514',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Checking now.',
            reasoning_content: 'The user wants weather.',
            tool_calls: [
              {
                id: 'toolu_01A09q90qw90lq917835lq9',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 170,
        completion_tokens: 30,
        total_tokens: 200,
        prompt_tokens_details: { cached_tokens: 50 },
      },
    });
    expect(typeof completion.created).toBe('number');
  });

  it('streams with stream: true and ends with a usage chunk', async () => {
    respond = serveFixture('text-then-tool.sse');
    const chunks = await collect(anthropicAdapter.stream(REQUEST, call()));
    expect(recorded.at(-1)!.body.stream).toBe(true);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 472, completion_tokens: 89 });
  });

  it('fails a stream cut before message_stop', async () => {
    respond = (response) => {
      const text = readFileSync(new URL('./__fixtures__/text.sse', import.meta.url), 'utf8');
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(text.slice(0, text.indexOf('event: message_delta')));
    };
    await expect(collect(anthropicAdapter.stream(REQUEST, call()))).rejects.toThrow(/before it was complete/);
  });

  it('throws the mid-stream error event as an UpstreamError', async () => {
    respond = serveFixture('error-event.sse');
    const error = await collect(anthropicAdapter.stream(REQUEST, call())).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toContain('Overloaded');
  });

  it('relays a 400 error body in the OpenAI shape', async () => {
    respond = serveFixture('error-invalid-request.json', 400);
    const error = (await anthropicAdapter
      .complete(REQUEST, call())
      .catch((caught: unknown) => caught)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.status).toBe(400);
    expect(error.toEnvelope().error).toMatchObject({
      type: 'invalid_request_error',
      message: 'max_tokens: Field required',
    });
  });

  it('treats 529 overloaded as 503 unavailable, for streams too', async () => {
    respond = serveFixture('error-overloaded.json', 529);
    const error = (await collect(anthropicAdapter.stream(REQUEST, call())).catch(
      (caught: unknown) => caught,
    )) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.code).toBe('upstream_unavailable');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Overloaded');
  });
});
