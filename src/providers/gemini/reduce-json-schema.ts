/**
 * Reduces a JSON Schema to the OpenAPI subset Gemini's `functionDeclarations` and `responseSchema`
 * accept: unknown keywords ($schema, additionalProperties, $id, examples, …) are dropped, local
 * `$ref`s into `$defs`/`definitions` are inlined, `["x","null"]` types become `nullable`, `const`
 * becomes a one-value `enum`, and `oneOf` becomes `anyOf`.
 * @see https://ai.google.dev/api/caching#Schema
 */

const KEPT_KEYWORDS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'default',
  'example',
  'propertyOrdering',
]);

/** `$ref` chains deeper than this are cut (recursive schemas cannot be inlined). */
const MAX_REF_DEPTH = 8;

type Schema = Record<string, unknown>;

export function reduceJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const definitions = { ...asRecord(schema.definitions), ...asRecord(schema.$defs) };
  return reduce(schema, definitions, 0);
}

function reduce(input: Schema, definitions: Schema, refDepth: number): Schema {
  let schema = input;
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, definitions);
    if (!target || refDepth >= MAX_REF_DEPTH) return { type: 'object' };
    const { $ref: _ref, ...siblings } = schema;
    schema = { ...target, ...siblings };
    refDepth++;
  }
  const output: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (KEPT_KEYWORDS.has(key) && value !== undefined) output[key] = value;
  }
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((type): type is string => typeof type === 'string');
    const nonNull = types.filter((type) => type !== 'null');
    if (nonNull.length > 0) output.type = nonNull[0];
    else delete output.type;
    if (nonNull.length !== types.length) output.nullable = true;
  }
  if (schema.const !== undefined && output.enum === undefined) output.enum = [schema.const];
  if (Array.isArray(output.enum)) output.enum = output.enum.map((value) => String(value));
  if (output.enum !== undefined && output.type === undefined) output.type = 'string';
  const properties = asRecord(schema.properties);
  if (Object.keys(properties).length > 0 || schema.properties !== undefined) {
    const reduced: Schema = {};
    for (const [name, value] of Object.entries(properties)) {
      reduced[name] = reduce(asRecord(value), definitions, refDepth);
    }
    output.properties = reduced;
    if (Array.isArray(schema.required)) {
      output.required = schema.required.filter(
        (name): name is string => typeof name === 'string' && name in reduced,
      );
    }
  }
  if (schema.items !== undefined && typeof schema.items === 'object' && schema.items !== null) {
    output.items = reduce(asRecord(schema.items), definitions, refDepth);
  }
  const alternatives = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : null;
  if (alternatives) {
    const isNull = (value: unknown) => asRecord(value).type === 'null';
    const nonNull = alternatives
      .filter((value) => !isNull(value))
      .map((value) => reduce(asRecord(value), definitions, refDepth));
    if (nonNull.length !== alternatives.length) output.nullable = true;
    if (nonNull.length === 1 && output.type === undefined) Object.assign(output, nonNull[0]);
    else if (nonNull.length > 0) output.anyOf = nonNull;
  }
  if (output.type === 'null') {
    delete output.type;
    output.nullable = true;
  }
  return output;
}

function resolveRef(ref: string, definitions: Schema): Schema | null {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match) return null;
  const target = definitions[decodeURIComponent(match[1]!).replaceAll('~1', '/').replaceAll('~0', '~')];
  return typeof target === 'object' && target !== null ? (target as Schema) : null;
}

function asRecord(value: unknown): Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : {};
}
