import { InvalidRequestError } from '../gateway-error.js';
import {
  invalidValue,
  isJsonObject,
  isNonEmptyString,
  type JsonObject,
  missingParameter,
} from '../validation-helpers.js';
import type {
  MessagesAssistantBlock,
  MessagesDocumentBlock,
  MessagesImageBlock,
  MessagesMessage,
  MessagesTextBlock,
  MessagesUserBlock,
} from './messages-wire.js';

/** The image types Anthropic accepts in base64 sources. */
const IMAGE_MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * `messages`: each turn's role and blocks, as Anthropic checks them. Consecutive turns of one role are
 * allowed (Anthropic merges them); only the last message, when it is the assistant's prefill, may be empty.
 */
export function validateMessages(value: unknown): MessagesMessage[] {
  if (value === undefined || value === null) throw missingParameter('messages');
  if (!Array.isArray(value)) throw invalidValue('messages', 'an array', value);
  if (value.length === 0) {
    throw new InvalidRequestError('messages: at least one message is required.', 'messages');
  }
  return value.map((message, index) => {
    const param = `messages.${index}`;
    if (!isJsonObject(message)) throw invalidValue(param, 'an object', message);
    if (message.role !== 'user' && message.role !== 'assistant') {
      throw invalidValue(`${param}.role`, "'user' or 'assistant'", message.role);
    }
    const isFinalAssistant = message.role === 'assistant' && index === value.length - 1;
    const blocks = contentBlocks(message.content, `${param}.content`);
    if (blocks.length === 0 && !isFinalAssistant) {
      throw new InvalidRequestError(
        `${param}: all messages must have non-empty content except for the optional final assistant message.`,
        `${param}.content`,
      );
    }
    if (message.role === 'user') {
      return { role: 'user', content: blocks.map((block, at) => userBlock(block, `${param}.content.${at}`)) };
    }
    return {
      role: 'assistant',
      content: blocks.map((block, at) => assistantBlock(block, `${param}.content.${at}`)),
    };
  });
}

function contentBlocks(content: unknown, param: string): JsonObject[] {
  if (content === undefined || content === null) throw missingParameter(param);
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  if (!Array.isArray(content)) throw invalidValue(param, 'a string or an array of content blocks', content);
  return content.map((block, index) => {
    if (!isJsonObject(block) || typeof block.type !== 'string') {
      throw invalidValue(`${param}.${index}`, 'a content block with a type', block);
    }
    return block;
  });
}

function userBlock(block: JsonObject, param: string): MessagesUserBlock {
  switch (block.type) {
    case 'text':
      return textBlock(block, param);
    case 'image':
      return imageBlock(block, param);
    case 'document':
      return documentBlock(block, param);
    case 'tool_result': {
      if (!isNonEmptyString(block.tool_use_id)) {
        throw invalidValue(`${param}.tool_use_id`, 'a non-empty string', block.tool_use_id);
      }
      const result: MessagesUserBlock = { type: 'tool_result', tool_use_id: block.tool_use_id };
      if (block.is_error != null) {
        if (typeof block.is_error !== 'boolean')
          throw invalidValue(`${param}.is_error`, 'a boolean', block.is_error);
        result.is_error = block.is_error;
      }
      if (typeof block.content === 'string') result.content = block.content;
      else if (Array.isArray(block.content)) {
        result.content = block.content.map((part, index) => {
          const partParam = `${param}.content.${index}`;
          if (isJsonObject(part) && part.type === 'text') return textBlock(part, partParam, true);
          if (isJsonObject(part) && part.type === 'image') return imageBlock(part, partParam);
          if (isJsonObject(part) && part.type === 'document') return documentBlock(part, partParam);
          throw unsupportedBlock(part, partParam, "'text', 'image' and 'document'");
        });
      } else if (block.content != null) {
        throw invalidValue(`${param}.content`, 'a string or an array of content blocks', block.content);
      }
      return result;
    }
    default:
      throw unsupportedBlock(block, param, "'text', 'image', 'document' and 'tool_result'");
  }
}

function assistantBlock(block: JsonObject, param: string): MessagesAssistantBlock {
  switch (block.type) {
    case 'text':
      return textBlock(block, param);
    case 'tool_use':
      if (!isNonEmptyString(block.id)) throw invalidValue(`${param}.id`, 'a non-empty string', block.id);
      if (!isNonEmptyString(block.name))
        throw invalidValue(`${param}.name`, 'a non-empty string', block.name);
      if (!isJsonObject(block.input)) throw invalidValue(`${param}.input`, 'an object', block.input);
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
    case 'thinking':
      if (typeof block.thinking !== 'string')
        throw invalidValue(`${param}.thinking`, 'a string', block.thinking);
      return {
        type: 'thinking',
        thinking: block.thinking,
        ...(typeof block.signature === 'string' ? { signature: block.signature } : {}),
      };
    case 'redacted_thinking':
      if (typeof block.data !== 'string') throw invalidValue(`${param}.data`, 'a string', block.data);
      return { type: 'redacted_thinking', data: block.data };
    default:
      throw unsupportedBlock(block, param, "'text', 'tool_use', 'thinking' and 'redacted_thinking'");
  }
}

/** Text blocks must not be empty, except inside a tool result, where Anthropic allows it. */
function textBlock(block: JsonObject, param: string, mayBeEmpty = false): MessagesTextBlock {
  if (typeof block.text !== 'string') throw invalidValue(`${param}.text`, 'a string', block.text);
  if (block.text.length === 0 && !mayBeEmpty) {
    throw new InvalidRequestError(`${param}.text: text content blocks must be non-empty.`, `${param}.text`);
  }
  return { type: 'text', text: block.text };
}

function imageBlock(block: JsonObject, param: string): MessagesImageBlock {
  const source = block.source;
  if (isJsonObject(source) && source.type === 'base64') {
    if (typeof source.media_type !== 'string' || !IMAGE_MEDIA_TYPES.has(source.media_type)) {
      throw invalidValue(
        `${param}.source.media_type`,
        "'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
        source.media_type,
      );
    }
    if (!isNonEmptyString(source.data))
      throw invalidValue(`${param}.source.data`, 'base64 data', source.data);
    return { type: 'image', source: { type: 'base64', media_type: source.media_type, data: source.data } };
  }
  if (isJsonObject(source) && source.type === 'url') {
    if (!isNonEmptyString(source.url)) throw invalidValue(`${param}.source.url`, 'a URL', source.url);
    return { type: 'image', source: { type: 'url', url: source.url } };
  }
  throw invalidValue(`${param}.source`, "a 'base64' or 'url' image source", source);
}

function documentBlock(block: JsonObject, param: string): MessagesDocumentBlock {
  const source = block.source;
  const title = typeof block.title === 'string' ? { title: block.title } : {};
  if (isJsonObject(source) && typeof source.data === 'string') {
    if (source.type === 'base64' && source.media_type === 'application/pdf') {
      return {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: source.data },
        ...title,
      };
    }
    if (source.type === 'text') {
      return {
        type: 'document',
        source: { type: 'text', media_type: 'text/plain', data: source.data },
        ...title,
      };
    }
  }
  throw invalidValue(`${param}.source`, "a base64 PDF or a 'text' document source", source);
}

function unsupportedBlock(block: unknown, param: string, supported: string): InvalidRequestError {
  const type = isJsonObject(block) ? String(block.type).slice(0, 50) : 'nothing';
  return new InvalidRequestError(
    `${param}.type: content blocks of type '${type}' are not supported here; OPT accepts ${supported}.`,
    `${param}.type`,
  );
}
