import { InvalidRequestError } from '../gateway-error.js';
import {
  checkOptionalBoolean,
  checkOptionalNumber,
  invalidValue,
  isJsonObject,
  isNonEmptyString,
  type JsonObject,
  missingParameter,
} from '../validation-helpers.js';
import type {
  MessagesRequest,
  MessagesTextBlock,
  MessagesTool,
  MessagesToolChoice,
} from './messages-wire.js';
import { validateMessages } from './validate-messages-content.js';

/**
 * Checks a `POST /v1/messages` body the way Anthropic does (400 `invalid_request_error` naming the field,
 * dotted like Anthropic's own `messages.0.content`), and returns it normalised: string contents become
 * text blocks, `null` optionals are dropped, fields OPT cannot map (cache_control, citations, service_tier,
 * …) are left behind. `forCounting`: the count_tokens body, where `max_tokens` is not required.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function validateMessagesRequest(body: unknown, forCounting = false): MessagesRequest {
  if (!isJsonObject(body)) {
    throw new InvalidRequestError('The request body must be a JSON object.');
  }
  if (body.model === undefined || body.model === null) throw missingParameter('model');
  if (!isNonEmptyString(body.model)) throw invalidValue('model', 'a non-empty string', body.model);
  if (!forCounting || body.max_tokens != null) {
    if (body.max_tokens === undefined || body.max_tokens === null) throw missingParameter('max_tokens');
    checkOptionalNumber(body, 'max_tokens', 1, Number.MAX_SAFE_INTEGER, true);
  }
  const request: MessagesRequest = { model: body.model, messages: validateMessages(body.messages) };
  if (typeof body.max_tokens === 'number') request.max_tokens = body.max_tokens;

  const system = validateSystem(body.system);
  if (system) request.system = system;
  const tools = validateTools(body.tools);
  if (tools) request.tools = tools;
  const toolChoice = validateToolChoice(body.tool_choice, tools);
  if (toolChoice) request.tool_choice = toolChoice;

  checkOptionalNumber(body, 'temperature', 0, 1, false);
  checkOptionalNumber(body, 'top_p', 0, 1, false);
  checkOptionalNumber(body, 'top_k', 0, Number.MAX_SAFE_INTEGER, true);
  checkOptionalBoolean(body, 'stream');
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.top_p = body.top_p;
  if (typeof body.top_k === 'number') request.top_k = body.top_k;
  if (body.stream === true && !forCounting) request.stream = true;

  const stops = validateStopSequences(body.stop_sequences);
  if (stops) request.stop_sequences = stops;
  const userId = validateMetadata(body.metadata);
  if (userId !== undefined) request.metadata = { user_id: userId };
  const thinking = validateThinking(body.thinking, request.max_tokens);
  if (thinking) request.thinking = thinking;
  return request;
}

function validateSystem(value: unknown): MessagesTextBlock[] | undefined {
  if (value == null) return undefined;
  if (typeof value === 'string') return value.length > 0 ? [{ type: 'text', text: value }] : undefined;
  if (!Array.isArray(value)) throw invalidValue('system', 'a string or an array of text blocks', value);
  return value.map((block, index) => {
    if (!isJsonObject(block) || block.type !== 'text' || typeof block.text !== 'string') {
      throw invalidValue(`system.${index}`, "a text block ({type: 'text', text})", block);
    }
    return { type: 'text', text: block.text };
  });
}

function validateTools(value: unknown): MessagesTool[] | undefined {
  if (value == null) return undefined;
  if (!Array.isArray(value)) throw invalidValue('tools', 'an array', value);
  return value.map((tool, index) => {
    const param = `tools.${index}`;
    if (!isJsonObject(tool)) throw invalidValue(param, 'an object', tool);
    if (tool.type != null && tool.type !== 'custom') {
      throw new InvalidRequestError(
        `${param}.type: server tools ('${String(tool.type).slice(0, 50)}') are not supported by OPT; declare a custom tool with an input_schema.`,
        `${param}.type`,
      );
    }
    if (!isNonEmptyString(tool.name)) throw invalidValue(`${param}.name`, 'a non-empty string', tool.name);
    if (tool.input_schema == null) throw missingParameter(`${param}.input_schema`);
    if (!isJsonObject(tool.input_schema)) {
      throw invalidValue(`${param}.input_schema`, 'a JSON Schema object', tool.input_schema);
    }
    const mapped: MessagesTool = { name: tool.name, input_schema: tool.input_schema };
    if (tool.description != null) {
      if (typeof tool.description !== 'string') {
        throw invalidValue(`${param}.description`, 'a string', tool.description);
      }
      mapped.description = tool.description;
    }
    return mapped;
  });
}

const TOOL_CHOICE_TYPES = new Set(['auto', 'any', 'none', 'tool']);

function validateToolChoice(
  value: unknown,
  tools: MessagesTool[] | undefined,
): MessagesToolChoice | undefined {
  if (value == null) return undefined;
  if (!isJsonObject(value) || !TOOL_CHOICE_TYPES.has(value.type as string)) {
    throw invalidValue('tool_choice', "an object with type 'auto', 'any', 'tool' or 'none'", value);
  }
  checkOptionalBoolean(value, 'disable_parallel_tool_use', 'tool_choice.');
  const disable = value.disable_parallel_tool_use === true ? { disable_parallel_tool_use: true } : {};
  if (value.type !== 'tool') return { type: value.type as 'auto' | 'any' | 'none', ...disable };
  if (!isNonEmptyString(value.name)) throw invalidValue('tool_choice.name', 'a tool name', value.name);
  if (!tools?.some((tool) => tool.name === value.name)) {
    throw new InvalidRequestError(
      `tool_choice.name: no tool named '${value.name.slice(0, 64)}' is declared in tools.`,
      'tool_choice.name',
    );
  }
  return { type: 'tool', name: value.name, ...disable };
}

function validateStopSequences(value: unknown): string[] | undefined {
  if (value == null) return undefined;
  if (!Array.isArray(value) || !value.every((stop) => typeof stop === 'string')) {
    throw invalidValue('stop_sequences', 'an array of strings', value);
  }
  const stops = value.filter((stop: string) => stop.length > 0);
  return stops.length > 0 ? stops : undefined;
}

function validateMetadata(value: unknown): string | undefined {
  if (value == null) return undefined;
  if (!isJsonObject(value)) throw invalidValue('metadata', 'an object', value);
  if (value.user_id == null) return undefined;
  if (typeof value.user_id !== 'string' || value.user_id.length > 256) {
    throw invalidValue('metadata.user_id', 'a string of at most 256 characters', value.user_id);
  }
  return value.user_id;
}

/** Anthropic's rule: an enabled budget is at least 1,024 tokens and below `max_tokens`. */
function validateThinking(value: unknown, maxTokens: number | undefined): MessagesRequest['thinking'] {
  if (value == null) return undefined;
  const config = value as JsonObject;
  if (!isJsonObject(value) || !['enabled', 'disabled', 'adaptive'].includes(config.type as string)) {
    throw invalidValue('thinking', "an object with type 'enabled', 'disabled' or 'adaptive'", value);
  }
  if (config.type !== 'enabled') return { type: config.type as 'disabled' | 'adaptive' };
  const budget = config.budget_tokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1024) {
    throw invalidValue('thinking.budget_tokens', 'an integer of at least 1024', budget);
  }
  if (maxTokens !== undefined && budget >= maxTokens) {
    throw new InvalidRequestError(
      '`max_tokens` must be greater than `thinking.budget_tokens`.',
      'thinking.budget_tokens',
    );
  }
  return { type: 'enabled', budget_tokens: budget };
}
