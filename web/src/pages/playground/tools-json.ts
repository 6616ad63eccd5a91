/**
 * Checks the tools editor's text: a JSON array of `{type: "function", function: {name, description?,
 * parameters?}}`, as `/v1/chat/completions` takes it. Errors are message keys with a position, so the
 * editor can say exactly what is wrong in the user's language.
 */
export type ToolsCheck =
  | { ok: true; tools: unknown[] }
  | { ok: false; error: 'invalidJson'; detail: string }
  | { ok: false; error: 'notArray' }
  | { ok: false; error: 'notFunction' | 'missingName' | 'badName' | 'badParameters'; index: number };

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export function checkToolsJson(text: string): ToolsCheck {
  if (text.trim() === '') return { ok: true, tools: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: 'invalidJson', detail: (error as Error).message };
  }
  if (!Array.isArray(value)) return { ok: false, error: 'notArray' };
  for (const [index, tool] of value.entries()) {
    if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function)) {
      return { ok: false, error: 'notFunction', index };
    }
    const { name, parameters } = tool.function;
    if (typeof name !== 'string' || name === '') return { ok: false, error: 'missingName', index };
    if (!NAME.test(name)) return { ok: false, error: 'badName', index };
    if (parameters !== undefined && !isObject(parameters))
      return { ok: false, error: 'badParameters', index };
  }
  return { ok: true, tools: value };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A ready example for the editor's "Insert example" button. */
export const EXAMPLE_TOOLS = JSON.stringify(
  [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Current weather in a city',
        parameters: {
          type: 'object',
          properties: {
            city: { type: 'string' },
            unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
          },
          required: ['city'],
        },
      },
    },
  ],
  null,
  2,
);
