import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerAnthropicConformance } from './anthropic-conformance-scenarios.js';

export const ANTHROPIC_UPSTREAM_KEY = 'sk-ant-fake-0123456789abcdef';

export interface AnthropicRecordedRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** One SSE event in Anthropic's framing: `event:` name plus a JSON `data:` line. */
function sse(data: Record<string, unknown>): string {
  return `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * A small Anthropic Messages API over real HTTP: it checks what Anthropic itself would reject
 * (key, version header, max_tokens, alternating roles) and answers with a text message, or with a
 * streamed tool call when the request is a stream.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
export class FakeAnthropicUpstream {
  readonly requests: AnthropicRecordedRequest[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let text = '';
      request.on('data', (piece: Buffer) => {
        text += piece.toString('utf8');
      });
      request.on('end', () => {
        const body = JSON.parse(text || '{}') as Record<string, unknown>;
        this.requests.push({ url: request.url ?? '', headers: request.headers, body });
        const problem = this.validate(request.url ?? '', request.headers, body);
        if (problem) {
          response.writeHead(problem.status, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ type: 'error', error: { type: problem.type, message: problem.message } }),
          );
          return;
        }
        // The provider conformance suite's answers (conformance-answers.ts), by model.
        if (answerAnthropicConformance(body, response)) return;
        if (body.stream === true) {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.end(this.toolCallStream(String(body.model)));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: 'msg_fake_text',
            type: 'message',
            role: 'assistant',
            model: body.model,
            content: [{ type: 'text', text: 'Bonjour!' }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage: {
              input_tokens: 12,
              cache_read_input_tokens: 4,
              cache_creation_input_tokens: 0,
              output_tokens: 3,
            },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private validate(
    url: string,
    headers: IncomingHttpHeaders,
    body: Record<string, unknown>,
  ): { status: number; type: string; message: string } | null {
    if (url !== '/v1/messages') return { status: 404, type: 'not_found_error', message: `no route ${url}` };
    if (headers['x-api-key'] !== ANTHROPIC_UPSTREAM_KEY) {
      return { status: 401, type: 'authentication_error', message: 'invalid x-api-key' };
    }
    if (headers['anthropic-version'] !== '2023-06-01') {
      return { status: 400, type: 'invalid_request_error', message: 'anthropic-version: header is required' };
    }
    if (typeof body.max_tokens !== 'number') {
      return { status: 400, type: 'invalid_request_error', message: 'max_tokens: Field required' };
    }
    const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown }>) : [];
    if (messages.length === 0)
      return { status: 400, type: 'invalid_request_error', message: 'messages: required' };
    for (let index = 0; index < messages.length; index++) {
      const role = messages[index]!.role;
      if (role !== 'user' && role !== 'assistant') {
        return { status: 400, type: 'invalid_request_error', message: `messages.${index}.role: invalid` };
      }
      if (index > 0 && messages[index - 1]!.role === role) {
        return { status: 400, type: 'invalid_request_error', message: 'messages: roles must alternate' };
      }
    }
    return null;
  }

  private toolCallStream(model: string): string {
    const id = 'msg_fake_tool';
    return [
      sse({
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          usage: { input_tokens: 20, output_tokens: 1 },
        },
      }),
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      sse({ type: 'ping' }),
      sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Looking it up.' } }),
      sse({ type: 'content_block_stop', index: 0 }),
      sse({
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'toolu_fake_1', name: 'get_weather', input: {} },
      }),
      sse({
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"city":' },
      }),
      sse({
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: ' "Paris"}' },
      }),
      sse({ type: 'content_block_stop', index: 1 }),
      sse({
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: 9 },
      }),
      sse({ type: 'message_stop' }),
    ].join('');
  }
}
