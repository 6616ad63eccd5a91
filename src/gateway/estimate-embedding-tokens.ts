import type { EmbeddingInput } from '../api/embedding-types.js';
import { approximateTokens, countTextTokens, MAX_EXACT_CHARACTERS } from './estimate-tokens.js';

/**
 * Token counts of an embeddings input, for upstreams that report none (Gemini) and for requests cut off
 * before the upstream's count. Token-id inputs are counted exactly: one token per id.
 */

/** A tokenizer-free estimate, for quota admission and requests that never got an upstream count. */
export function approximateEmbeddingTokens(input: EmbeddingInput): number {
  if (typeof input === 'string') return approximateTokens(input);
  let total = 0;
  for (const item of input) {
    if (typeof item === 'string') total += approximateTokens(item);
    else if (typeof item === 'number') total += 1;
    else total += item.length;
  }
  return total;
}

/** The o200k tokenizer's count (approximated past MAX_EXACT_CHARACTERS, so a huge batch never blocks). */
export async function countEmbeddingTokens(input: EmbeddingInput): Promise<number> {
  const texts = typeof input === 'string' ? [input] : input.filter((item) => typeof item === 'string');
  if (texts.length === 0) return approximateEmbeddingTokens(input);
  const characters = texts.reduce((sum, text) => sum + text.length, 0);
  if (characters > MAX_EXACT_CHARACTERS) return approximateEmbeddingTokens(input);
  let total = 0;
  for (const text of texts) total += await countTextTokens(text);
  return total;
}
