import { checkModelId } from './channel-schema.js';
import { childField, type Field, failAt, readEntries, readMapping } from './config-fields.js';
import type { PriceConfig } from './config-types.js';
import { readMoney, requireMoney } from './limit-schema.js';

const PRICE_KEYS = ['input', 'cached_input', 'output'] as const;

/**
 * `prices:` — model id → `{ input, cached_input, output }` per million tokens, in order of appearance.
 * A price may name a model no channel serves (yet): it is only looked up, never routed to.
 */
export function parsePrices(value: unknown, field: Field): PriceConfig[] {
  return readEntries(value, field).map(([model, item]) => {
    const modelField = childField(field, model);
    if (model === '') failAt(modelField, 'model id must not be empty');
    checkModelId(model, modelField);
    const section = readMapping(item, modelField, PRICE_KEYS);
    const inputMicros = requireMoney(section.input, childField(modelField, 'input'));
    return {
      model,
      inputMicros,
      cachedInputMicros:
        readMoney(section.cached_input, childField(modelField, 'cached_input')) ?? inputMicros,
      outputMicros: requireMoney(section.output, childField(modelField, 'output')),
    };
  });
}
