import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerChatCompletionsConformance,
  type ChatCompletionsDialect,
} from './openai-conformance-scenarios.js';
import { answerEcho, bearerKey, sendJson } from './openai-wire.js';

export const VENDOR_KEY = 'sk-vendor-fake-0123456789abcdef';

type Refusal = { status: number; body: unknown } | null;
type Message = Record<string, unknown> & { role?: string };

/** One OpenAI-compatible vendor as its docs describe it: path, dialect and what it refuses. */
export interface VendorProfile {
  /** The preset's name (`provider:` value). */
  name: string;
  /** The path of the preset's base URL ('' for https://api.deepseek.com, '/api/v1' for OpenRouter). */
  basePath: string;
  dialect: ChatCompletionsDialect;
  refuse(body: Record<string, unknown>): Refusal;
}

function openAiError(status: number, message: string, type = 'invalid_request_error'): Refusal {
  return { status, body: { error: { message, type, param: null, code: null } } };
}

function assistantMessages(body: Record<string, unknown>): Message[] {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  return messages.filter((message) => message.role === 'assistant');
}

const OPENAI_STYLE_ERRORS = (status: 400 | 500) =>
  status === 400
    ? {
        error: {
          message: 'Invalid request: messages too long',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      }
    : { error: { message: 'Service is too busy', type: 'server_error', param: null, code: null } };

/**
 * DeepSeek: `reasoning_content` in messages and deltas; in thinking mode an assistant turn with tool calls
 * must carry its reasoning_content back.
 * @see https://api-docs.deepseek.com/guides/thinking_mode
 */
export const DEEPSEEK_PROFILE: VendorProfile = {
  name: 'deepseek',
  basePath: '',
  dialect: { reasoningField: 'reasoning_content', streamUsage: 'when-asked', errorBody: OPENAI_STYLE_ERRORS },
  refuse(body) {
    if (body.model !== 'deepseek-reasoner') return null;
    const dropped = assistantMessages(body).some(
      (message) => message.tool_calls && !message.reasoning_content,
    );
    return dropped
      ? openAiError(400, 'The `reasoning_content` in the thinking mode must be passed back to the API.')
      : null;
  },
};

/** OpenRouter: thinking text as `reasoning`. @see https://openrouter.ai/docs/use-cases/reasoning-tokens */
export const OPENROUTER_PROFILE: VendorProfile = {
  name: 'openrouter',
  basePath: '/api/v1',
  dialect: { reasoningField: 'reasoning', streamUsage: 'when-asked', errorBody: OPENAI_STYLE_ERRORS },
  refuse: () => null,
};

/** Groq: refuses logprobs & co. and thinking text on assistant messages. @see https://console.groq.com/docs/openai */
export const GROQ_PROFILE: VendorProfile = {
  name: 'groq',
  basePath: '/openai/v1',
  dialect: { reasoningField: 'reasoning', streamUsage: 'when-asked', errorBody: OPENAI_STYLE_ERRORS },
  refuse(body) {
    for (const field of ['logprobs', 'logit_bias', 'top_logprobs']) {
      if (field in body) return openAiError(400, `'${field}' : property '${field}' is unsupported`);
    }
    const index = (body.messages as Message[]).findIndex(
      (message) => message.role === 'assistant' && ('reasoning_content' in message || 'reasoning' in message),
    );
    return index === -1
      ? null
      : openAiError(
          400,
          `'messages.${index}' : for 'role:assistant' the following must be satisfied[('messages.${index}' : property 'reasoning_content' is unsupported)]`,
        );
  },
};

/**
 * Mistral: unknown fields are a 422 `extra_forbidden` (stream_options, max_completion_tokens, reasoning on
 * messages); streams carry usage on their last chunk unasked. @see https://docs.mistral.ai/api/
 */
export const MISTRAL_PROFILE: VendorProfile = {
  name: 'mistral',
  basePath: '/v1',
  dialect: {
    reasoningField: 'reasoning_content',
    streamUsage: 'on-finish',
    errorBody: (status) =>
      status === 400
        ? {
            object: 'error',
            message: 'Prompt contains 40000 tokens, too large',
            type: 'invalid_request_prompt',
            param: null,
            code: '3051',
          }
        : {
            object: 'error',
            message: 'Internal server error',
            type: 'internal_server_error',
            param: null,
            code: '1000',
          },
  },
  refuse(body) {
    const extra: Array<Array<string | number>> = [];
    for (const field of ['stream_options', 'max_completion_tokens'])
      if (field in body) extra.push(['body', field]);
    (body.messages as Message[]).forEach((message, index) => {
      for (const field of ['reasoning_content', 'reasoning']) {
        if (message.role === 'assistant' && field in message)
          extra.push(['body', 'messages', index, 'assistant', field]);
      }
    });
    if (extra.length === 0) return null;
    const detail = extra.map((loc) => ({
      type: 'extra_forbidden',
      loc,
      msg: 'Extra inputs are not permitted',
    }));
    return {
      status: 422,
      body: { object: 'error', message: { detail }, type: 'invalid_request_error', param: null, code: null },
    };
  },
};

export interface RecordedVendorRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * An OpenAI-compatible vendor over real HTTP, per its profile: bearer key, `{basePath}/chat/completions`,
 * the vendor's refusals, and its dialect for the conformance answers (other models get the echo answer).
 */
export class FakeCompatibleVendorUpstream {
  readonly requests: RecordedVendorRequest[] = [];
  private readonly server: Server = createServer((request, response) => {
    const pieces: Buffer[] = [];
    request.on('data', (piece: Buffer) => pieces.push(piece));
    request.on('end', () => {
      const text = Buffer.concat(pieces).toString('utf8');
      void this.handle(request, text, response);
    });
  });

  constructor(readonly profile: VendorProfile) {}

  /** The base URL a channel of this preset points at (the preset's own path on the fake's origin). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.profile.basePath}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  lastRequest(): RecordedVendorRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error(`the fake ${this.profile.name} upstream received no request`);
    return last;
  }

  private async handle(request: IncomingMessage, text: string, response: ServerResponse): Promise<void> {
    const url = request.url ?? '';
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    this.requests.push({ path: url, headers: request.headers, body });
    if (bearerKey(request) !== VENDOR_KEY) {
      return sendJson(response, 401, openAiError(401, 'Authentication Fails, Your api key is invalid')!.body);
    }
    if (url !== `${this.profile.basePath}/chat/completions`) {
      return sendJson(response, 404, openAiError(404, `Unknown path ${url}`)!.body);
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return sendJson(response, 400, openAiError(400, 'messages: field required')!.body);
    }
    const refusal = this.profile.refuse(body);
    if (refusal) return sendJson(response, refusal.status, refusal.body);
    if (answerChatCompletionsConformance(body, response, this.profile.dialect)) return;
    await answerEcho(body, response);
  }
}
