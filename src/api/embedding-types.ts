/**
 * OpenAI Embeddings wire types (`POST /v1/embeddings`).
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 * As with chat requests, unknown fields ride along in the object for OpenAI-compatible upstreams.
 */

/** One text, a batch of texts, one token array, or a batch of token arrays. */
export type EmbeddingInput = string | string[] | number[] | number[][];

export type EmbeddingEncodingFormat = 'float' | 'base64';

/** A validated embeddings request. Optional fields that arrived as `null` have been removed. */
export interface EmbeddingRequest {
  model: string;
  input: EmbeddingInput;
  /** Absent means `float`; the official SDKs send `base64` unless their caller chose. */
  encoding_format?: EmbeddingEncodingFormat;
  dimensions?: number;
  user?: string;
  [unknownField: string]: unknown;
}

export interface Embedding {
  object: 'embedding';
  index: number;
  /** Floats, or (encoding_format `base64`) the float32 little-endian bytes in base64. */
  embedding: number[] | string;
  [extra: string]: unknown;
}

export interface EmbeddingUsage {
  prompt_tokens: number;
  total_tokens: number;
  [extra: string]: unknown;
}

export interface EmbeddingResponse {
  object: 'list';
  data: Embedding[];
  model: string;
  usage?: EmbeddingUsage;
  [extra: string]: unknown;
}
