import { describe, expect, it } from 'vitest';
import { reduceJsonSchema } from './reduce-json-schema.js';

describe('reduceJsonSchema', () => {
  it('drops keywords Gemini rejects and keeps the supported subset, recursively', () => {
    expect(
      reduceJsonSchema({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'x',
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string', description: 'Name', minLength: 1, examples: ['a'] },
          tags: { type: 'array', items: { type: 'string', additionalProperties: false }, maxItems: 3 },
          unit: { type: 'string', enum: ['c', 'f'] },
        },
        required: ['name', 'missing'],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', description: 'Name', minLength: 1 },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
        unit: { type: 'string', enum: ['c', 'f'] },
      },
      required: ['name'],
    });
  });

  it('turns nullable unions, const and oneOf into what Gemini accepts and inlines local $refs', () => {
    expect(
      reduceJsonSchema({
        type: 'object',
        $defs: { Point: { type: 'object', properties: { x: { type: 'number' } } } },
        properties: {
          note: { type: ['string', 'null'] },
          kind: { const: 'point' },
          count: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
          shape: { oneOf: [{ type: 'string' }, { type: 'number' }] },
          at: { $ref: '#/$defs/Point', description: 'Where' },
          remote: { $ref: 'https://example.com/schema.json' },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        note: { type: 'string', nullable: true },
        kind: { type: 'string', enum: ['point'] },
        count: { type: 'integer', nullable: true },
        shape: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        at: { type: 'object', description: 'Where', properties: { x: { type: 'number' } } },
        remote: { type: 'object' },
      },
    });
  });

  it('stops inlining recursive $refs', () => {
    const reduced = reduceJsonSchema({
      $ref: '#/definitions/Node',
      definitions: { Node: { type: 'object', properties: { next: { $ref: '#/definitions/Node' } } } },
    });
    expect(JSON.stringify(reduced)).not.toContain('$ref');
  });
});
