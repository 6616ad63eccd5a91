import type { ChatMessage, ChatRequest, ToolChoice, UserContentPart } from '../../api/chat-types.js';
import { InvalidRequestError } from '../../api/gateway-error.js';
import type {
  AnthropicImageSource,
  AnthropicRequest,
  AnthropicRequestBlock,
  AnthropicRequestMessage,
  AnthropicToolChoice,
} from './anthropic-wire.js';

/** Anthropic requires `max_tokens`; OpenAI clients often omit it. */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * ChatRequest → Anthropic Messages body. System and developer messages are lifted to `system`;
 * tool results travel in a user turn; consecutive turns of the same role are merged, as Anthropic
 * wants user and assistant to alternate.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function toAnthropicRequest(request: ChatRequest, upstreamModel: string): AnthropicRequest {
  const system: string[] = [];
  const messages: AnthropicRequestMessage[] = [];
  const append = (role: 'user' | 'assistant', blocks: AnthropicRequestBlock[]) => {
    if (blocks.length === 0) return;
    const last = messages.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  request.messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content);
        if (text.length > 0) system.push(text);
        break;
      }
      case 'user':
        append('user', userBlocks(message.content, index));
        break;
      case 'assistant':
        append('assistant', assistantBlocks(message, index));
        break;
      case 'tool':
        append('user', [
          { type: 'tool_result', tool_use_id: message.tool_call_id, content: textOf(message.content) },
        ]);
        break;
    }
  });

  const body: AnthropicRequest = {
    model: upstreamModel,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? DEFAULT_MAX_TOKENS,
    messages,
  };
  if (system.length > 0) body.system = system.join('\n\n');
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map(({ function: fn }) => ({
      name: fn.name,
      ...(fn.description === undefined ? {} : { description: fn.description }),
      input_schema: fn.parameters ?? { type: 'object', properties: {} },
    }));
  }
  if (request.tool_choice !== undefined) body.tool_choice = toToolChoice(request.tool_choice);
  if (request.stop !== undefined) {
    body.stop_sequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.top_p !== undefined) body.top_p = request.top_p;
  return body;
}

function toToolChoice(choice: ToolChoice): AnthropicToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.function.name };
}

function textOf(content: string | Array<{ type: string; text?: string }> | null | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

function userBlocks(content: string | UserContentPart[], index: number): AnthropicRequestBlock[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  const blocks: AnthropicRequestBlock[] = [];
  content.forEach((part, partIndex) => {
    if (part.type === 'text') {
      if (part.text.length > 0) blocks.push({ type: 'text', text: part.text });
    } else if (part.type === 'image_url') {
      blocks.push({ type: 'image', source: imageSource(part.image_url.url) });
    } else {
      throw new InvalidRequestError(
        `Content parts of type '${part.type}' are not supported by this model's provider.`,
        `messages[${index}].content[${partIndex}]`,
      );
    }
  });
  return blocks;
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function imageSource(url: string): AnthropicImageSource {
  const match = DATA_URL.exec(url);
  if (match) return { type: 'base64', media_type: match[1]!, data: match[2]! };
  return { type: 'url', url };
}

function assistantBlocks(
  message: Extract<ChatMessage, { role: 'assistant' }>,
  index: number,
): AnthropicRequestBlock[] {
  const blocks: AnthropicRequestBlock[] = [];
  const text = typeof message.content === 'string' ? message.content : textOf(message.content);
  if (text.length > 0) blocks.push({ type: 'text', text });
  message.tool_calls?.forEach((call, callIndex) => {
    blocks.push({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: parseArguments(call.function.arguments, `messages[${index}].tool_calls[${callIndex}]`),
    });
  });
  return blocks;
}

function parseArguments(text: string, param: string): unknown {
  if (text.trim().length === 0) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError('Tool call arguments must be valid JSON.', `${param}.function.arguments`);
  }
}
