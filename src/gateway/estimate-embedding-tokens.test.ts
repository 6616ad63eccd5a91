import { describe, expect, it } from 'vitest';
import { approximateEmbeddingTokens, countEmbeddingTokens } from './estimate-embedding-tokens.js';
import { countTextTokens, MAX_EXACT_CHARACTERS } from './estimate-tokens.js';

describe('embedding token estimates', () => {
  it('counts token-id inputs exactly, one token per id', async () => {
    expect(approximateEmbeddingTokens([1, 2, 3])).toBe(3);
    expect(approximateEmbeddingTokens([[1, 2], [3]])).toBe(3);
    expect(await countEmbeddingTokens([[1, 2], [3]])).toBe(3);
  });

  it('approximates texts without the tokenizer (~4 characters a token)', () => {
    expect(approximateEmbeddingTokens('abcdefgh')).toBe(2);
    expect(approximateEmbeddingTokens(['abcd', 'abcde'])).toBe(3);
  });

  it('counts texts with the tokenizer, summed over a batch', async () => {
    const texts = ['The quick brown fox', 'jumps over the lazy dog'];
    const expected = (await countTextTokens(texts[0]!)) + (await countTextTokens(texts[1]!));
    expect(await countEmbeddingTokens(texts)).toBe(expected);
    expect(await countEmbeddingTokens(texts[0]!)).toBe(await countTextTokens(texts[0]!));
  });

  it('falls back to the approximation for a batch too large to tokenize on the request path', async () => {
    const texts = Array.from({ length: 3 }, () => 'x'.repeat(MAX_EXACT_CHARACTERS / 2));
    expect(await countEmbeddingTokens(texts)).toBe(approximateEmbeddingTokens(texts));
  });
});
