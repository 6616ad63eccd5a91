/**
 * Gemini API wire types, kept lenient: every field the upstream sends may be missing or null.
 * @see https://ai.google.dev/api/generate-content
 */

export interface GeminiInlineData {
  mimeType: string;
  data: string;
}

export interface GeminiFunctionCall {
  id?: string | null;
  name?: string | null;
  args?: Record<string, unknown> | null;
}

export interface GeminiFunctionResponse {
  name: string;
  response: Record<string, unknown>;
}

export interface GeminiPart {
  text?: string | null;
  /** True when `text` is a thought summary rather than answer text. */
  thought?: boolean | null;
  thoughtSignature?: string | null;
  inlineData?: GeminiInlineData | null;
  fileData?: { mimeType?: string | null; fileUri: string } | null;
  functionCall?: GeminiFunctionCall | null;
  functionResponse?: GeminiFunctionResponse | null;
}

export interface GeminiContent {
  role?: 'user' | 'model' | null;
  parts?: GeminiPart[] | null;
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface GeminiRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: {
    functionCallingConfig: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] };
  };
  generationConfig?: GeminiGenerationConfig;
}

export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  candidateCount?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseSchema?: Record<string, unknown>;
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number | null;
  candidatesTokenCount?: number | null;
  thoughtsTokenCount?: number | null;
  cachedContentTokenCount?: number | null;
  toolUsePromptTokenCount?: number | null;
  totalTokenCount?: number | null;
}

export interface GeminiCandidate {
  content?: GeminiContent | null;
  finishReason?: string | null;
  index?: number | null;
}

export interface GeminiResponse {
  candidates?: GeminiCandidate[] | null;
  promptFeedback?: { blockReason?: string | null } | null;
  usageMetadata?: GeminiUsageMetadata | null;
  modelVersion?: string | null;
  responseId?: string | null;
  error?: unknown;
}
