import type {
  AssistantMessage,
  ChatMessage,
  ChatRequest,
  ToolCall,
  ToolChoice,
  UserContentPart,
} from '../chat-types.js';
import type {
  MessagesAssistantBlock,
  MessagesDocumentBlock,
  MessagesImageSource,
  MessagesRequest,
  MessagesToolChoice,
  MessagesUserBlock,
} from './messages-wire.js';

/** Put before a tool result's text when the client marked it `is_error` (OpenAI has no such flag). */
export const TOOL_ERROR_PREFIX = 'Error: ';

/**
 * Messages request → the gateway's ChatRequest, so the one chat pipeline (routing, quota, failover,
 * metering) serves it. Mapping, after Anthropic's and OpenAI's API references:
 * - `system` blocks → one system message (texts joined by a blank line);
 * - user `tool_result` blocks → `tool` messages (before the turn's other blocks, as Anthropic requires
 *   them first); `is_error` → the text prefixed with "Error: "; images and PDFs in a result → the user
 *   message after;
 * - `image` (base64 / url) → `image_url`; a base64 PDF `document` → a `file` part; a text document → text;
 * - assistant `tool_use` → `tool_calls` (input re-serialised), `thinking` → `reasoning_content`;
 *   `redacted_thinking` (opaque, Anthropic-only) is dropped;
 * - `tool_choice` auto/any/tool/none → auto/required/function/none, `disable_parallel_tool_use` →
 *   `parallel_tool_calls: false`; `stop_sequences` → `stop`; `metadata.user_id` → `user`;
 * - `max_tokens` → `max_completion_tokens` (vendors that want `max_tokens` get it renamed by their preset);
 * - dropped: `top_k` (no OpenAI equivalent), `thinking` (a budget means nothing to non-Anthropic models,
 *   and OpenAI models without reasoning reject `reasoning_effort`), cache_control and other Anthropic-only
 *   fields. Streams always ask for usage: the Anthropic events carry it.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function toChatRequest(request: MessagesRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  if (request.system && request.system.length > 0) {
    messages.push({ role: 'system', content: request.system.map((block) => block.text).join('\n\n') });
  }
  for (const message of request.messages) {
    if (message.role === 'user') messages.push(...userMessages(message.content));
    else messages.push(assistantMessage(message.content));
  }
  const chat: ChatRequest = { model: request.model, messages };
  if (request.max_tokens !== undefined) chat.max_completion_tokens = request.max_tokens;
  if (request.temperature !== undefined) chat.temperature = request.temperature;
  if (request.top_p !== undefined) chat.top_p = request.top_p;
  if (request.stop_sequences) chat.stop = request.stop_sequences;
  if (request.metadata?.user_id !== undefined) chat.user = request.metadata.user_id;
  if (request.tools && request.tools.length > 0) {
    chat.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.input_schema,
      },
    }));
    if (request.tool_choice) {
      chat.tool_choice = toToolChoice(request.tool_choice);
      if (request.tool_choice.disable_parallel_tool_use === true) chat.parallel_tool_calls = false;
    }
  }
  if (request.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}

function toToolChoice(choice: MessagesToolChoice): ToolChoice {
  switch (choice.type) {
    case 'any':
      return 'required';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    default:
      return choice.type;
  }
}

/** One user turn: its tool results as `tool` messages first, then the rest as one user message. */
function userMessages(blocks: MessagesUserBlock[]): ChatMessage[] {
  const toolMessages: ChatMessage[] = [];
  const parts: UserContentPart[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: block.text });
        break;
      case 'image':
        parts.push({ type: 'image_url', image_url: { url: imageUrl(block.source) } });
        break;
      case 'document':
        parts.push(documentPart(block));
        break;
      case 'tool_result': {
        const content = block.content ?? '';
        const texts: string[] = [];
        if (typeof content === 'string') texts.push(content);
        else {
          for (const part of content) {
            if (part.type === 'text') texts.push(part.text);
            else if (part.type === 'document' && part.source.type === 'text') texts.push(part.source.data);
            else if (part.type === 'document') parts.push(documentPart(part));
            else parts.push({ type: 'image_url', image_url: { url: imageUrl(part.source) } });
          }
        }
        const text = texts.join('\n');
        toolMessages.push({
          role: 'tool',
          tool_call_id: block.tool_use_id,
          content: block.is_error === true ? `${TOOL_ERROR_PREFIX}${text}` : text,
        });
        break;
      }
    }
  }
  if (parts.length === 0) return toolMessages;
  const onlyText = parts.every((part) => part.type === 'text');
  const content = onlyText ? parts.map((part) => (part as { text: string }).text).join('\n\n') : parts;
  return [...toolMessages, { role: 'user', content }];
}

/** A text document is its text; a PDF travels as an OpenAI `file` part with a data URL. */
function documentPart(block: MessagesDocumentBlock): UserContentPart {
  if (block.source.type === 'text') return { type: 'text', text: block.source.data };
  return {
    type: 'file',
    file: {
      file_data: `data:${block.source.media_type};base64,${block.source.data}`,
      filename: block.title ?? 'document.pdf',
    },
  };
}

function imageUrl(source: MessagesImageSource): string {
  return source.type === 'url' ? source.url : `data:${source.media_type};base64,${source.data}`;
}

function assistantMessage(blocks: MessagesAssistantBlock[]): AssistantMessage {
  const texts: string[] = [];
  const thinking: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of blocks) {
    if (block.type === 'text') texts.push(block.text);
    else if (block.type === 'thinking') thinking.push(block.thinking);
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input) },
      });
    }
  }
  const message: AssistantMessage = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  else if (message.content === null) message.content = '';
  if (thinking.length > 0) message.reasoning_content = thinking.join('');
  return message;
}
