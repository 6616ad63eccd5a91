/**
 * Validation of `tools` and `tool_choice` in a chat request (API-CONTRACT.md §2: function tools only).
 * Tool parameter schemas are forwarded to upstreams, so only their outer shape is checked.
 */
import { InvalidRequestError } from './gateway-error.js';
import {
  describeValue,
  invalidCount,
  invalidValue,
  isJsonObject,
  isNonEmptyString,
  isValidName,
  type JsonObject,
  missingParameter,
  NAME_EXPECTATION,
} from './validation-helpers.js';

export const MAX_TOOLS = 128;

function toolParam(index: number, field?: string): string {
  return field === undefined ? `tools[${index}]` : `tools[${index}].${field}`;
}

/** Checks `tools` in place and returns the declared function names (undefined when no tools were given). */
export function validateTools(request: JsonObject): Set<string> | undefined {
  const tools = request.tools;
  if (tools === undefined) return undefined;
  if (tools === null) {
    delete request.tools;
    return undefined;
  }
  if (!Array.isArray(tools)) throw invalidValue('tools', 'an array of function tools', tools);
  if (tools.length > MAX_TOOLS) throw invalidCount('tools', `at most ${MAX_TOOLS} tools`, tools.length);
  const names = new Set<string>();
  for (let index = 0; index < tools.length; index++) {
    const tool: unknown = tools[index];
    if (!isJsonObject(tool)) throw invalidValue(toolParam(index), 'a function tool object', tool);
    if (tool.type !== 'function') {
      if (tool.type === undefined || tool.type === null) throw missingParameter(toolParam(index, 'type'));
      throw invalidValue(
        toolParam(index, 'type'),
        "'function' (only function tools are supported)",
        tool.type,
      );
    }
    const definition = tool.function;
    if (!isJsonObject(definition)) {
      if (definition === undefined || definition === null)
        throw missingParameter(toolParam(index, 'function'));
      throw invalidValue(toolParam(index, 'function'), "an object with a 'name'", definition);
    }
    const name = definition.name;
    if (!isValidName(name)) {
      if (name === undefined || name === null) throw missingParameter(toolParam(index, 'function.name'));
      throw invalidValue(toolParam(index, 'function.name'), NAME_EXPECTATION, name);
    }
    if (names.has(name)) {
      throw new InvalidRequestError(
        `Invalid value for '${toolParam(index, 'function.name')}': the tool name '${name}' is declared more than once.`,
        toolParam(index, 'function.name'),
      );
    }
    names.add(name);
    checkToolDefinition(definition, index);
  }
  return names;
}

function checkToolDefinition(definition: JsonObject, index: number): void {
  const description = definition.description;
  if (description === null) delete definition.description;
  else if (description !== undefined && typeof description !== 'string') {
    throw invalidValue(toolParam(index, 'function.description'), 'a string', description);
  }
  const parameters = definition.parameters;
  if (parameters === null) delete definition.parameters;
  else if (parameters !== undefined && !isJsonObject(parameters)) {
    throw invalidValue(toolParam(index, 'function.parameters'), 'a JSON Schema object', parameters);
  }
  const strict = definition.strict;
  if (strict === null) delete definition.strict;
  else if (strict !== undefined && typeof strict !== 'boolean') {
    throw invalidValue(toolParam(index, 'function.strict'), 'a boolean', strict);
  }
}

const TOOL_CHOICE_EXPECTATION = `'none', 'auto', 'required' or {"type": "function", "function": {"name": ...}}`;

/** Checks `tool_choice` against the names `validateTools` returned. */
export function validateToolChoice(request: JsonObject, toolNames: Set<string> | undefined): void {
  const choice = request.tool_choice;
  if (choice === undefined || choice === 'none' || choice === 'auto') return;
  if (choice === null) {
    delete request.tool_choice;
    return;
  }
  // An empty `tools` array declares nothing, so it cannot satisfy "required" or a named function.
  const hasTools = toolNames !== undefined && toolNames.size > 0;
  if (choice === 'required') {
    if (!hasTools) {
      throw new InvalidRequestError(
        "Invalid value for 'tool_choice': 'required' needs at least one tool in 'tools'.",
        'tool_choice',
      );
    }
    return;
  }
  if (!isJsonObject(choice)) throw invalidValue('tool_choice', TOOL_CHOICE_EXPECTATION, choice);
  if (choice.type !== 'function') {
    if (choice.type === undefined || choice.type === null) throw missingParameter('tool_choice.type');
    throw invalidValue('tool_choice.type', "'function'", choice.type);
  }
  const target = choice.function;
  if (!isJsonObject(target)) {
    if (target === undefined || target === null) throw missingParameter('tool_choice.function');
    throw invalidValue('tool_choice.function', "an object with a 'name'", target);
  }
  if (!isNonEmptyString(target.name)) {
    if (target.name === undefined || target.name === null)
      throw missingParameter('tool_choice.function.name');
    throw invalidValue('tool_choice.function.name', 'a non-empty string', target.name);
  }
  if (!hasTools || !toolNames.has(target.name)) {
    throw new InvalidRequestError(
      `Invalid value for 'tool_choice': the function ${describeValue(target.name)} is not declared in 'tools'.`,
      'tool_choice',
    );
  }
}
