/**
 * How one OpenAI-compatible vendor departs from OpenAI's Chat Completions, as data: each field is
 * one documented difference, applied by the one openai-compatible adapter (no per-vendor code).
 */
export interface OpenAiCompatibleQuirks {
  /**
   * Whether the vendor accepts `stream_options.include_usage`. When false no `stream_options` is sent
   * (the vendor rejects the field); its streams then carry usage on their own or the gateway counts it.
   */
  streamUsage: boolean;
  /**
   * The vendor's name for the thinking text on messages and deltas. Anything other than
   * `reasoning_content` is moved to `reasoning_content`, the one name OPT's clients see.
   */
  reasoningField: 'reasoning_content' | 'reasoning';
  /** Whether the vendor rejects thinking text (`reasoning_content`, `reasoning`) on assistant messages sent back. */
  stripReasoningInput: boolean;
  /** The vendor's name for the output-token cap; the other OpenAI name is renamed to it. Null: sent as given. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens' | null;
  /** Request fields the vendor answers with an error; removed before sending. */
  dropParams: readonly string[];
}

/** OpenAI itself: everything forwarded as the client sent it. */
export const OPENAI_QUIRKS: Readonly<OpenAiCompatibleQuirks> = Object.freeze({
  streamUsage: true,
  reasoningField: 'reasoning_content',
  stripReasoningInput: false,
  maxTokensField: null,
  dropParams: [],
});
