/**
 * Anthropic Messages API wire types. Response types are lenient (nullish): upstreams add fields and
 * omit others, and the adapter reads only what it maps.
 * @see https://docs.anthropic.com/en/api/messages
 */

export const ANTHROPIC_VERSION = '2023-06-01';

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string };

export type AnthropicRequestBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: AnthropicImageSource }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string | Array<{ type: 'text'; text: string }> };

export interface AnthropicRequestMessage {
  role: 'user' | 'assistant';
  content: AnthropicRequestBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

export type AnthropicToolChoice =
  | { type: 'auto' }
  | { type: 'any' }
  | { type: 'none' }
  | { type: 'tool'; name: string };

export interface AnthropicRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicRequestMessage[];
  system?: string;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  stream?: boolean;
}

export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

export interface AnthropicResponseBlock {
  type?: string | null;
  text?: string | null;
  thinking?: string | null;
  id?: string | null;
  name?: string | null;
  input?: unknown;
}

export interface AnthropicMessage {
  id?: string | null;
  type?: string | null;
  role?: string | null;
  model?: string | null;
  content?: AnthropicResponseBlock[] | null;
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: AnthropicUsage | null;
}

export interface AnthropicDelta {
  type?: string | null;
  text?: string | null;
  partial_json?: string | null;
  thinking?: string | null;
  stop_reason?: string | null;
}

/** One streamed event's data; which fields are set depends on `type`. */
export interface AnthropicStreamEvent {
  type?: string | null;
  message?: AnthropicMessage | null;
  index?: number | null;
  content_block?: AnthropicResponseBlock | null;
  delta?: AnthropicDelta | null;
  usage?: AnthropicUsage | null;
  error?: { type?: string | null; message?: string | null } | null;
}
