import type { ChatMessage, ChatRequest, ToolChoice, UserContentPart } from '../../api/chat-types.js';
import { InvalidRequestError } from '../../api/gateway-error.js';
import type { GeminiContent, GeminiGenerationConfig, GeminiPart, GeminiRequest } from './gemini-wire.js';
import { reduceJsonSchema } from './reduce-json-schema.js';

/**
 * ChatRequest → Gemini `generateContent` body. System/developer messages become `systemInstruction`;
 * assistant turns become `model` turns; tool results become `functionResponse` parts in a user turn,
 * named after the call they answer; consecutive turns of one role are merged, as Gemini requires.
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function toGeminiRequest(request: ChatRequest): GeminiRequest {
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  const push = (role: 'user' | 'model', parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts!.push(...parts);
    else contents.push({ role, parts });
  };
  for (const message of request.messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...textParts(message.content));
        break;
      case 'user':
        push('user', userParts(message.content));
        break;
      case 'assistant': {
        const parts: GeminiPart[] = message.content ? textParts(message.content) : [];
        for (const call of message.tool_calls ?? []) {
          toolNames.set(call.id, call.function.name);
          parts.push({
            functionCall: { name: call.function.name, args: parseArguments(call.function.arguments) },
          });
        }
        push('model', parts);
        break;
      }
      case 'tool': {
        const name = toolNames.get(message.tool_call_id);
        if (name === undefined) {
          throw new InvalidRequestError(
            `The tool message with tool_call_id '${message.tool_call_id}' answers no earlier assistant tool call.`,
            'messages',
          );
        }
        push('user', [
          { functionResponse: { name, response: toFunctionResponse(contentText(message.content)) } },
        ]);
        break;
      }
    }
  }
  const body: GeminiRequest = { contents };
  if (system.length > 0) body.systemInstruction = { parts: system };
  if (request.tools && request.tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.function.name,
          ...(tool.function.description ? { description: tool.function.description } : {}),
          ...(tool.function.parameters && hasProperties(tool.function.parameters)
            ? { parameters: reduceJsonSchema(tool.function.parameters) }
            : {}),
        })),
      },
    ];
  }
  if (request.tool_choice !== undefined)
    body.toolConfig = { functionCallingConfig: toCallingConfig(request.tool_choice) };
  const generationConfig = toGenerationConfig(request);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

function toCallingConfig(
  choice: ToolChoice,
): NonNullable<GeminiRequest['toolConfig']>['functionCallingConfig'] {
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'none') return { mode: 'NONE' };
  if (choice === 'required') return { mode: 'ANY' };
  return { mode: 'ANY', allowedFunctionNames: [choice.function.name] };
}

function toGenerationConfig(request: ChatRequest): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.top_p !== undefined) config.topP = request.top_p;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
  if (request.stop !== undefined)
    config.stopSequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presence_penalty !== undefined) config.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty !== undefined) config.frequencyPenalty = request.frequency_penalty;
  const format = request.response_format;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    if (format.json_schema.schema) config.responseSchema = reduceJsonSchema(format.json_schema.schema);
  }
  return config;
}

function textParts(content: ChatMessage['content']): GeminiPart[] {
  const text = contentText(content ?? '');
  return text.length > 0 ? [{ text }] : [];
}

function contentText(content: NonNullable<ChatMessage['content']>): string {
  if (typeof content === 'string') return content;
  return content.map((part) => ('text' in part ? part.text : 'refusal' in part ? part.refusal : '')).join('');
}

function userParts(content: string | UserContentPart[]): GeminiPart[] {
  if (typeof content === 'string') return content.length > 0 ? [{ text: content }] : [];
  return content.map((part): GeminiPart => {
    switch (part.type) {
      case 'text':
        return { text: part.text };
      case 'image_url':
        return imagePart(part.image_url.url);
      case 'input_audio':
        return { inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } };
      default:
        throw new InvalidRequestError(
          `Content parts of type '${part.type}' are not supported by Gemini channels.`,
          'messages',
        );
    }
  });
}

function imagePart(url: string): GeminiPart {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (match) return { inlineData: { mimeType: match[1]!, data: match[2]! } };
  // Gemini fetches only URIs it can read (Files API, GCS, public URLs on newer models).
  return { fileData: { mimeType: guessImageMime(url), fileUri: url } };
}

function guessImageMime(url: string): string {
  const extension = /\.(png|jpe?g|webp|gif|heic|heif)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  if (extension === 'jpg' || extension === 'jpeg' || extension === undefined) return 'image/jpeg';
  return `image/${extension}`;
}

function parseArguments(text: string): Record<string, unknown> {
  if (text.trim().length === 0) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  } catch {
    throw new InvalidRequestError(
      'An assistant tool call has arguments that are not valid JSON.',
      'messages',
    );
  }
}

/** A JSON object result is sent as the response itself; anything else is wrapped as `{content}`. */
function toFunctionResponse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // Plain text result.
  }
  return { content: text };
}

function hasProperties(schema: Record<string, unknown>): boolean {
  const properties = schema.properties;
  return typeof properties === 'object' && properties !== null && Object.keys(properties).length > 0;
}
