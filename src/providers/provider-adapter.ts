import type { Dispatcher } from 'undici';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from '../api/chat-types.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../api/embedding-types.js';

/** Everything an adapter needs to reach one upstream, already resolved by the gateway. */
export interface UpstreamTarget {
  /** Channel name, for errors and logs (never the URL: it may carry credentials). */
  channel: string;
  provider: string;
  baseUrl: string;
  /** `baseUrl` split once at boot, so no request parses a URL: scheme+host+port, and the path prefix. */
  origin: string;
  basePath: string;
  apiKey: string | null;
  upstreamModel: string;
  headers: Record<string, string>;
  /** The channel's `api_version` (azure-openai only); absent or null elsewhere. */
  apiVersion?: string | null;
  /** Longest wait for response headers. */
  firstByteMs: number;
  /** Longest silence between two body chunks. */
  idleMs: number;
}

/**
 * The part of AbortSignal an adapter uses. A real AbortSignal satisfies it; the gateway passes a
 * lighter object with the same surface, because Node's AbortController cost ~8 µs a request.
 */
export interface CallSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface UpstreamCall {
  target: UpstreamTarget;
  /** Aborted when the client disconnects, the total deadline passes or the server shuts down. */
  signal: CallSignal;
  /** Pooled keep-alive client for this channel; tests point it at a local fake upstream. */
  http: Dispatcher;
}

/** The provider contract: adapters translate, they never retry (the gateway does). */
export interface ProviderAdapter {
  readonly kind: string;
  complete(request: ChatRequest, call: UpstreamCall): Promise<ChatCompletion>;
  /** Always asks the upstream for usage and yields it on a final chunk; the gateway decides who sees it. */
  stream(request: ChatRequest, call: UpstreamCall): AsyncIterable<ChatCompletionChunk>;
  /**
   * `POST /v1/embeddings`, for upstreams that have embeddings (absent: the gateway skips the target).
   * `usage` may be left out when the upstream counts nothing; the gateway then counts the input.
   */
  embed?(request: EmbeddingRequest, call: UpstreamCall): Promise<EmbeddingResponse>;
}
