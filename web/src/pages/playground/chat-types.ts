/** The OpenAI Chat Completions shapes the playground sends and reads (only the fields it uses). */

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type WireMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface WireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  /** OPT adds the request's cost (in the gateway's currency) to the usage chunk of a stream. */
  cost?: number | string;
}

export interface WireError {
  message?: string;
  type?: string | null;
  code?: string | null;
  param?: string | null;
}

interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatChunk {
  id?: string;
  choices?: Array<{
    index: number;
    delta?: {
      role?: string;
      content?: string | null;
      reasoning_content?: string | null;
      tool_calls?: ToolCallDelta[];
    };
    finish_reason?: string | null;
  }>;
  usage?: WireUsage | null;
  error?: WireError;
}

export interface ChatCompletion {
  id?: string;
  choices?: Array<{
    index: number;
    message?: {
      content?: string | null;
      reasoning_content?: string | null;
      tool_calls?: ToolCall[];
    };
    finish_reason?: string | null;
  }>;
  usage?: WireUsage | null;
}

/** The request body of `/v1/chat/completions` as the playground builds it. */
export interface ChatRequestBody {
  model: string;
  messages: WireMessage[];
  stream: boolean;
  stream_options?: { include_usage: true };
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  response_format?: { type: 'json_object' };
  tools?: unknown[];
  tool_choice?: 'auto' | 'none' | 'required';
}
