import type { EmbeddingRequest, EmbeddingResponse } from '../../api/embedding-types.js';
import { GatewayError } from '../../api/gateway-error.js';
import { rememberWireText } from '../../api/wire-text.js';
import type { UpstreamCall } from '../provider-adapter.js';
import {
  type HttpErrorMapper,
  invalidUpstreamBody,
  readJsonBody,
  sendProviderRequest,
} from '../shared/send-provider-request.js';

/** Where an OpenAI-style embeddings request goes and how it authenticates. */
export interface EmbeddingRoute {
  /** Path after the origin, query included. */
  path: string;
  headers: Record<string, string>;
}

const CHAT_COMPLETIONS_SUFFIX = '/chat/completions';

/**
 * The embeddings route beside a Chat Completions route: every OpenAI layout puts `/embeddings` where
 * `/chat/completions` is, with the same auth and query (`{base_url}/embeddings`; Azure's
 * `/openai/deployments/{deployment}/embeddings?api-version=…` and `/openai/v1/embeddings`).
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference#embeddings
 */
export function toEmbeddingRoute(chatRoute: EmbeddingRoute): EmbeddingRoute {
  const queryStart = chatRoute.path.indexOf('?');
  const path = queryStart === -1 ? chatRoute.path : chatRoute.path.slice(0, queryStart);
  const query = queryStart === -1 ? '' : chatRoute.path.slice(queryStart);
  if (!path.endsWith(CHAT_COMPLETIONS_SUFFIX)) {
    throw new GatewayError('internal_error', 'This channel has no embeddings route.');
  }
  return {
    path: `${path.slice(0, -CHAT_COMPLETIONS_SUFFIX.length)}/embeddings${query}`,
    headers: chatRoute.headers,
  };
}

/**
 * `POST /embeddings` on an OpenAI-compatible upstream: the request is forwarded as validated, unknown
 * fields included, with only `model` rewritten; the answer's bytes are relayed when nothing changes them.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export async function embedOpenAiCompatible(
  request: EmbeddingRequest,
  call: UpstreamCall,
  route: EmbeddingRoute,
  toHttpError?: HttpErrorMapper,
): Promise<EmbeddingResponse> {
  const body = JSON.stringify({ ...request, model: call.target.upstreamModel });
  const response = await sendProviderRequest(
    call,
    { ...route, body, accept: 'application/json' },
    toHttpError,
  );
  const { text, value: parsed } = await readJsonBody(response, call);
  if (!isEmbeddingResponse(parsed)) throw invalidUpstreamBody(call, 'a body that is not an embedding list');
  rememberWireText(parsed, text);
  return parsed;
}

function isEmbeddingResponse(value: unknown): value is EmbeddingResponse {
  if (typeof value !== 'object' || value === null) return false;
  const data = (value as { data?: unknown }).data;
  return (
    Array.isArray(data) &&
    data.every((item) => {
      const embedding = (item as { embedding?: unknown } | null)?.embedding;
      return typeof embedding === 'string' || Array.isArray(embedding);
    })
  );
}
