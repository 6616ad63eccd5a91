import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './gateway-error.js';
import { MAX_EMBEDDING_INPUTS, validateEmbeddingRequest } from './validate-embedding-request.js';

function validationError(body: unknown): InvalidRequestError {
  try {
    validateEmbeddingRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected the body to be rejected');
}

const request = (patch: Record<string, unknown>) => ({
  model: 'text-embedding-3-small',
  input: 'hi',
  ...patch,
});

describe('validateEmbeddingRequest', () => {
  it.each([
    ['one text', 'hello'],
    ['texts', ['a', 'b']],
    ['one token array', [1, 2, 3]],
    ['token arrays', [[1, 2], [3]]],
    ['the most inputs OpenAI takes', Array.from({ length: MAX_EMBEDDING_INPUTS }, () => 'x')],
  ])('accepts %s', (_name, input) => {
    const body = request({ input });
    expect(validateEmbeddingRequest(body)).toBe(body);
  });

  it('keeps unknown fields, accepts both encodings and a dimension count, and drops explicit nulls', () => {
    const body = request({ encoding_format: 'base64', dimensions: 256, user: 'u-1', task_type: 'query' });
    expect(validateEmbeddingRequest(body)).toEqual(body);
    expect(validateEmbeddingRequest(request({ encoding_format: 'float' })).encoding_format).toBe('float');
    const nulls = request({ encoding_format: null, dimensions: null, user: null });
    expect(validateEmbeddingRequest(nulls)).toEqual({ model: 'text-embedding-3-small', input: 'hi' });
  });

  it.each([
    ['a body that is not an object', ['x'], null],
    ['a missing model', { input: 'x' }, 'model'],
    ['a model that is not a string', request({ model: 7 }), 'model'],
    ['a missing input', { model: 'm' }, 'input'],
    ['a null input', request({ input: null }), 'input'],
    ['an empty string', request({ input: '' }), 'input'],
    ['an empty array', request({ input: [] }), 'input'],
    ['an empty string in a batch', request({ input: ['a', ''] }), 'input[1]'],
    ['a number in a batch of texts', request({ input: ['a', 3] }), 'input[1]'],
    ['a text in a token array', request({ input: [1, 'a'] }), 'input[1]'],
    ['a negative token id', request({ input: [1, -2] }), 'input[1]'],
    ['a fractional token id', request({ input: [[1, 2.5]] }), 'input[0][1]'],
    ['an empty token array in a batch', request({ input: [[1], []] }), 'input[1]'],
    ['an object input', request({ input: { text: 'a' } }), 'input'],
    ['an object in a batch', request({ input: [{ text: 'a' }] }), 'input[0]'],
    [
      'too many inputs',
      request({ input: Array.from({ length: MAX_EMBEDDING_INPUTS + 1 }, () => 'x') }),
      'input',
    ],
    ['an unknown encoding', request({ encoding_format: 'int8' }), 'encoding_format'],
    ['zero dimensions', request({ dimensions: 0 }), 'dimensions'],
    ['fractional dimensions', request({ dimensions: 1.5 }), 'dimensions'],
    ['a user that is not a string', request({ user: 1 }), 'user'],
  ])('rejects %s', (_name, body, param) => {
    const error = validationError(body);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
  });
});
