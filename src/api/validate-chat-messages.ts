/**
 * Validation of `messages` in a chat request, per the message table of API-CONTRACT.md §2.
 * Param strings (`messages[1].tool_calls[0].id`) are built only when a check fails: this runs per request.
 */

import { InvalidRequestError } from './gateway-error.js';
import { checkTextContent, checkUserContent, messageParam } from './validate-chat-content.js';
import {
  describeValue,
  invalidCount,
  invalidValue,
  isJsonObject,
  isNonEmptyString,
  type JsonObject,
  missingParameter,
} from './validation-helpers.js';

export const MAX_MESSAGES = 10_000;
export const MAX_TOOL_CALLS = 128;

function toolCallParam(index: number, callIndex: number, field: string): string {
  return `messages[${index}].tool_calls[${callIndex}].${field}`;
}

/** Checks every message in place; tool messages must answer a tool call made earlier in the request. */
export function validateMessages(messages: unknown): void {
  if (messages === undefined || messages === null) throw missingParameter('messages');
  if (!Array.isArray(messages)) throw invalidValue('messages', 'an array of messages', messages);
  if (messages.length === 0) throw invalidCount('messages', 'at least 1 message', 0);
  if (messages.length > MAX_MESSAGES) {
    throw invalidCount('messages', `at most ${MAX_MESSAGES} messages`, messages.length);
  }
  // Allocated lazily: most requests carry no tool calls.
  let toolCallIds: Set<string> | undefined;
  for (let index = 0; index < messages.length; index++) {
    const message: unknown = messages[index];
    if (!isJsonObject(message)) throw invalidValue(messageParam(index), 'a message object', message);
    const role = message.role;
    switch (role) {
      case 'system':
      case 'developer':
        checkName(message, index);
        checkRequiredContent(message, index);
        checkTextContent(message.content, index, false);
        break;
      case 'user':
        checkName(message, index);
        checkRequiredContent(message, index);
        checkUserContent(message.content, index);
        break;
      case 'assistant':
        toolCallIds = checkAssistantMessage(message, index, toolCallIds);
        break;
      case 'tool':
        checkToolMessage(message, index, toolCallIds);
        break;
      case 'function':
        throw new InvalidRequestError(
          `Invalid value for '${messageParam(index, 'role')}': the deprecated 'function' role is not supported; use 'tool' messages with 'tools' instead.`,
          messageParam(index, 'role'),
        );
      case undefined:
      case null:
        throw missingParameter(messageParam(index, 'role'));
      default:
        throw invalidValue(
          messageParam(index, 'role'),
          "one of 'system', 'developer', 'user', 'assistant' or 'tool'",
          role,
        );
    }
  }
}

function checkName(message: JsonObject, index: number): void {
  const name = message.name;
  if (name === undefined || typeof name === 'string') return;
  if (name === null) {
    delete message.name;
    return;
  }
  throw invalidValue(messageParam(index, 'name'), 'a string', name);
}

function checkRequiredContent(message: JsonObject, index: number): void {
  if (message.content === undefined || message.content === null) {
    throw missingParameter(messageParam(index, 'content'));
  }
}

function checkAssistantMessage(
  message: JsonObject,
  index: number,
  knownToolCallIds: Set<string> | undefined,
): Set<string> | undefined {
  checkName(message, index);
  let toolCallIds = knownToolCallIds;
  let hasToolCalls = false;
  const toolCalls = message.tool_calls;
  if (toolCalls === null) delete message.tool_calls;
  else if (toolCalls !== undefined) {
    toolCallIds = checkToolCalls(toolCalls, index, toolCallIds);
    hasToolCalls = (toolCalls as unknown[]).length > 0;
  }
  const content = message.content;
  if (content === undefined || content === null) {
    // Kept as sent: clients send `content: null` next to tool calls and upstreams expect it.
    if (!hasToolCalls) {
      throw new InvalidRequestError(
        `Missing required parameter: '${messageParam(index, 'content')}' (it may be null or absent only when 'tool_calls' is present).`,
        messageParam(index, 'content'),
      );
    }
  } else {
    checkTextContent(content, index, true);
  }
  checkNullableString(message, 'refusal', index);
  checkNullableString(message, 'reasoning_content', index);
  return toolCallIds;
}

// `refusal` and `reasoning_content` are typed nullable, so an explicit null stays as sent.
function checkNullableString(message: JsonObject, key: string, index: number): void {
  const value = message[key];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw invalidValue(messageParam(index, key), 'a string or null', value);
  }
}

function checkToolCalls(
  toolCalls: unknown,
  index: number,
  knownIds: Set<string> | undefined,
): Set<string> | undefined {
  if (!Array.isArray(toolCalls)) {
    throw invalidValue(messageParam(index, 'tool_calls'), 'an array of tool calls', toolCalls);
  }
  if (toolCalls.length > MAX_TOOL_CALLS) {
    throw invalidCount(
      messageParam(index, 'tool_calls'),
      `at most ${MAX_TOOL_CALLS} tool calls`,
      toolCalls.length,
    );
  }
  if (toolCalls.length === 0) return knownIds;
  const ids = knownIds ?? new Set<string>();
  for (let callIndex = 0; callIndex < toolCalls.length; callIndex++) {
    const call: unknown = toolCalls[callIndex];
    if (!isJsonObject(call)) {
      throw invalidValue(`messages[${index}].tool_calls[${callIndex}]`, 'a tool call object', call);
    }
    if (!isNonEmptyString(call.id)) {
      if (call.id === undefined || call.id === null)
        throw missingParameter(toolCallParam(index, callIndex, 'id'));
      throw invalidValue(toolCallParam(index, callIndex, 'id'), 'a non-empty string', call.id);
    }
    if (call.type !== 'function') {
      if (call.type === undefined || call.type === null) {
        throw missingParameter(toolCallParam(index, callIndex, 'type'));
      }
      throw invalidValue(toolCallParam(index, callIndex, 'type'), "'function'", call.type);
    }
    const target = call.function;
    if (!isJsonObject(target)) {
      if (target === undefined || target === null) {
        throw missingParameter(toolCallParam(index, callIndex, 'function'));
      }
      throw invalidValue(
        toolCallParam(index, callIndex, 'function'),
        "an object with 'name' and 'arguments'",
        target,
      );
    }
    if (!isNonEmptyString(target.name)) {
      throw invalidValue(toolCallParam(index, callIndex, 'function.name'), 'a non-empty string', target.name);
    }
    // Arguments are forwarded as the model produced them, so they are not parsed here.
    if (typeof target.arguments !== 'string') {
      throw invalidValue(
        toolCallParam(index, callIndex, 'function.arguments'),
        'a string containing JSON',
        target.arguments,
      );
    }
    ids.add(call.id);
  }
  return ids;
}

function checkToolMessage(message: JsonObject, index: number, toolCallIds: Set<string> | undefined): void {
  checkName(message, index);
  checkRequiredContent(message, index);
  checkTextContent(message.content, index, false);
  const toolCallId = message.tool_call_id;
  if (toolCallId === undefined || toolCallId === null)
    throw missingParameter(messageParam(index, 'tool_call_id'));
  if (!isNonEmptyString(toolCallId)) {
    throw invalidValue(messageParam(index, 'tool_call_id'), 'a non-empty string', toolCallId);
  }
  if (toolCallIds === undefined || !toolCallIds.has(toolCallId)) {
    throw new InvalidRequestError(
      `Invalid value for '${messageParam(index, 'tool_call_id')}': ${describeValue(toolCallId)} does not match the id of a tool call in an earlier assistant message.`,
      messageParam(index, 'tool_call_id'),
    );
  }
}
