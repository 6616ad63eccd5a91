import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkGeminiBatchEmbed, geminiBatchEmbedAnswer } from './fake-embeddings.js';
import { answerGeminiConformance } from './gemini-conformance-scenarios.js';

export const GEMINI_KEY = 'AIzaSy-fake-gemini-key-0123456789';

export interface RecordedGeminiRequest {
  path: string;
  model: string;
  method: 'generateContent' | 'streamGenerateContent' | 'batchEmbedContents';
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

const PATH = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent\?alt=sse)$/;
const EMBED_PATH = /^\/v1beta\/models\/([^/:]+):batchEmbedContents$/;

/**
 * A small Gemini API over real HTTP: checks the path, the `x-goog-api-key` header and the request
 * shape the way Google does (answering in Gemini's error format), and replays canned answers by model:
 * `gemini-echo` echoes the last user text, `gemini-tools` calls two functions, `gemini-rate-limited` 429s.
 * @see https://ai.google.dev/api/generate-content
 */
export class FakeGeminiUpstream {
  readonly requests: RecordedGeminiRequest[] = [];
  private readonly server: Server = createServer((request, response) => {
    const pieces: Buffer[] = [];
    request.on('data', (piece: Buffer) => pieces.push(piece));
    request.on('end', () => {
      this.handle(
        request.method ?? '',
        request.url ?? '',
        request.headers,
        Buffer.concat(pieces).toString('utf8'),
        response,
      );
    });
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  lastRequest(): RecordedGeminiRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error('the fake Gemini upstream received no request');
    return last;
  }

  private handle(
    method: string,
    url: string,
    headers: IncomingHttpHeaders,
    text: string,
    response: ServerResponse,
  ): boolean {
    const match = PATH.exec(url);
    const embedMatch = EMBED_PATH.exec(url);
    if (method !== 'POST' || !(match || embedMatch))
      return sendError(response, 404, 'NOT_FOUND', `Unknown path ${url}.`);
    if (headers['x-goog-api-key'] !== GEMINI_KEY) {
      return sendError(response, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
    }
    if (headers.authorization !== undefined)
      return sendError(response, 400, 'INVALID_ARGUMENT', 'Unexpected authorization header.');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return sendError(response, 400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    if (embedMatch) return this.embed(embedMatch[1]!, url, headers, body, response);
    const problem = checkShape(body);
    if (problem) return sendError(response, 400, 'INVALID_ARGUMENT', problem);
    const model = match![1]!;
    const stream = match![2]!.startsWith('stream');
    this.requests.push({
      path: url,
      model,
      method: stream ? 'streamGenerateContent' : 'generateContent',
      headers,
      body,
    });
    // The provider conformance suite's answers (conformance-answers.ts), by model.
    if (answerGeminiConformance(model, stream, response)) return true;
    if (model === 'gemini-rate-limited') {
      return sendError(
        response,
        429,
        'RESOURCE_EXHAUSTED',
        'Resource has been exhausted (e.g. check quota).',
      );
    }
    const events = answerFor(model, body);
    if (!stream) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(merge(events)));
      return true;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) response.write(`data: ${JSON.stringify(event)}\r\n\r\n`);
    response.end();
    return true;
  }

  /** `batchEmbedContents` (see fake-embeddings.ts); `gemini-rate-limited` 429s here too. */
  private embed(
    model: string,
    url: string,
    headers: IncomingHttpHeaders,
    body: Record<string, unknown>,
    response: ServerResponse,
  ): boolean {
    const problem = checkGeminiBatchEmbed(model, body);
    if (problem) return sendError(response, 400, 'INVALID_ARGUMENT', problem);
    this.requests.push({ path: url, model, method: 'batchEmbedContents', headers, body });
    if (model === 'gemini-rate-limited')
      return sendError(
        response,
        429,
        'RESOURCE_EXHAUSTED',
        'Resource has been exhausted (e.g. check quota).',
      );
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(geminiBatchEmbedAnswer(body)));
    return true;
  }
}

function sendError(response: ServerResponse, code: number, status: string, message: string): true {
  response.writeHead(code, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: { code, message, status } }));
  return true;
}

/** What the real API rejects: a missing or empty `contents`, bad roles, turns without parts, OpenAI fields. */
function checkShape(body: Record<string, unknown>): string | null {
  for (const field of ['model', 'messages', 'stream', 'max_tokens']) {
    if (field in body) return `Invalid JSON payload received. Unknown name "${field}": Cannot find field.`;
  }
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0)
    return '* GenerateContentRequest.contents: contents is not specified';
  let previousRole: unknown = null;
  for (const content of contents as Array<{ role?: unknown; parts?: unknown }>) {
    if (content.role !== 'user' && content.role !== 'model') return 'Please use a valid role: user, model.';
    if (content.role === previousRole) return 'Consecutive turns must alternate roles.';
    previousRole = content.role;
    if (!Array.isArray(content.parts) || content.parts.length === 0)
      return 'contents.parts must not be empty.';
  }
  return null;
}

function lastUserText(body: Record<string, unknown>): string {
  const contents = body.contents as Array<{ role: string; parts: Array<{ text?: string }> }>;
  const user = contents.filter((content) => content.role === 'user').at(-1);
  return user?.parts.map((part) => part.text ?? '').join('') ?? '';
}

type Event = Record<string, unknown>;

function answerFor(model: string, body: Record<string, unknown>): Event[] {
  const meta = { modelVersion: `${model}-001`, responseId: `resp-${model}` };
  if (model === 'gemini-tools') {
    return [
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
                { functionCall: { name: 'get_weather', args: { city: 'Tokyo' } } },
              ],
            },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: { promptTokenCount: 30, candidatesTokenCount: 10, totalTokenCount: 40 },
        ...meta,
      },
    ];
  }
  const words = `Echo: ${lastUserText(body)}`.split(/(?= )/);
  return words.map((word, index) => {
    const last = index === words.length - 1;
    return {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: word }] },
          index: 0,
          ...(last ? { finishReason: 'STOP' } : {}),
        },
      ],
      usageMetadata: last
        ? {
            promptTokenCount: 12,
            candidatesTokenCount: 4,
            thoughtsTokenCount: 6,
            cachedContentTokenCount: 5,
            totalTokenCount: 22,
          }
        : { promptTokenCount: 12, totalTokenCount: 12 },
      ...meta,
    };
  });
}

/** The non-streamed answer is the stream's events merged: parts joined, last finish reason and usage. */
function merge(events: Event[]): Event {
  type Candidate = { content: { role: string; parts: unknown[] }; finishReason?: string; index: number };
  const parts = events.flatMap((event) => (event.candidates as Candidate[])[0]!.content.parts);
  const last = events.at(-1)!;
  const lastCandidate = (last.candidates as Candidate[])[0]!;
  return { ...last, candidates: [{ ...lastCandidate, content: { role: 'model', parts } }] };
}
