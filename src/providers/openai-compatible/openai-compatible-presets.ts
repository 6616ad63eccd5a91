import { OPENAI_QUIRKS, type OpenAiCompatibleQuirks } from './openai-compatible-quirks.js';

/** A vendor that speaks Chat Completions: where it lives and how it differs (see OpenAiCompatibleQuirks). */
export interface OpenAiCompatiblePreset {
  /** The channel's `provider` value. */
  name: string;
  /** Default `base_url` (a channel may override it), including the version segment. */
  baseUrl: string;
  quirks: OpenAiCompatibleQuirks;
}

/*
 * Vendor presets: data only. Each quirk below is one the vendor documents (or answers with an error
 * for); everything else is forwarded as for OpenAI. Reasoning text named `reasoning` is surfaced as
 * `reasoning_content`; the move is a no-op for responses without it (older vLLM, non-thinking models).
 */
const PRESET_LIST: readonly OpenAiCompatiblePreset[] = [
  {
    // @see https://api-docs.deepseek.com/api/create-chat-completion
    // Thinking-mode tool-call turns must send reasoning_content back (400 otherwise), so it is kept:
    // @see https://api-docs.deepseek.com/guides/thinking_mode
    name: 'deepseek',
    baseUrl: 'https://api.deepseek.com',
    quirks: { ...OPENAI_QUIRKS, maxTokensField: 'max_tokens' },
  },
  {
    // Qwen on Alibaba Cloud Model Studio (international: dashscope-intl.aliyuncs.com).
    // @see https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope
    name: 'dashscope',
    baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    quirks: { ...OPENAI_QUIRKS, maxTokensField: 'max_tokens' },
  },
  {
    // Kimi (international: api.moonshot.ai). @see https://platform.moonshot.cn/docs/api/chat
    name: 'moonshot',
    baseUrl: 'https://api.moonshot.cn/v1',
    quirks: { ...OPENAI_QUIRKS, maxTokensField: 'max_tokens' },
  },
  {
    // GLM on BigModel (international: api.z.ai/api/paas/v4). @see https://docs.bigmodel.cn/api-reference
    name: 'zhipu',
    baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    quirks: { ...OPENAI_QUIRKS, maxTokensField: 'max_tokens' },
  },
  {
    // @see https://docs.siliconflow.cn/en/api-reference/chat-completions/chat-completions
    name: 'siliconflow',
    baseUrl: 'https://api.siliconflow.cn/v1',
    quirks: { ...OPENAI_QUIRKS, maxTokensField: 'max_tokens' },
  },
  {
    // Deltas and messages carry `reasoning`. @see https://openrouter.ai/docs/use-cases/reasoning-tokens
    name: 'openrouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    quirks: { ...OPENAI_QUIRKS, reasoningField: 'reasoning' },
  },
  {
    // logprobs, logit_bias and top_logprobs are a 400; assistant messages with `reasoning_content` or
    // `reasoning` are refused ("property ... is unsupported"); parsed reasoning comes as `reasoning`.
    // @see https://console.groq.com/docs/openai and https://console.groq.com/docs/reasoning
    name: 'groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    quirks: {
      ...OPENAI_QUIRKS,
      reasoningField: 'reasoning',
      stripReasoningInput: true,
      dropParams: ['logprobs', 'logit_bias', 'top_logprobs'],
    },
  },
  {
    // Unknown fields are a 422 (extra_forbidden): stream_options (streams carry usage unasked),
    // max_completion_tokens and reasoning_content on messages. @see https://docs.mistral.ai/api/
    name: 'mistral',
    baseUrl: 'https://api.mistral.ai/v1',
    quirks: { ...OPENAI_QUIRKS, streamUsage: false, stripReasoningInput: true, maxTokensField: 'max_tokens' },
  },
  {
    // grok-3-mini returns reasoning_content. @see https://docs.x.ai/docs/guides/reasoning
    name: 'xai',
    baseUrl: 'https://api.x.ai/v1',
    quirks: { ...OPENAI_QUIRKS },
  },
  {
    // @see https://docs.together.ai/reference/chat-completions-1
    name: 'together',
    baseUrl: 'https://api.together.xyz/v1',
    quirks: { ...OPENAI_QUIRKS, maxTokensField: 'max_tokens' },
  },
  {
    // Local; thinking models answer with `reasoning`. @see https://docs.ollama.com/api/openai-compatibility
    name: 'ollama',
    baseUrl: 'http://localhost:11434/v1',
    quirks: { ...OPENAI_QUIRKS, reasoningField: 'reasoning', maxTokensField: 'max_tokens' },
  },
  {
    // Local `vllm serve`; newer versions name the reasoning parser's output `reasoning`.
    // @see https://docs.vllm.ai/en/latest/features/reasoning_outputs.html
    name: 'vllm',
    baseUrl: 'http://localhost:8000/v1',
    quirks: { ...OPENAI_QUIRKS, reasoningField: 'reasoning' },
  },
];

export const OPENAI_COMPATIBLE_PRESETS: ReadonlyMap<string, OpenAiCompatiblePreset> = new Map(
  PRESET_LIST.map((preset) => [preset.name, preset]),
);
