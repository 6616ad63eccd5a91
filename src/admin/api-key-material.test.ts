import { describe, expect, it } from 'vitest';
import { generateApiKey, toKeyHint } from './api-key-material.js';

describe('generateApiKey', () => {
  it('makes sk-opt- followed by 40 base62 characters', () => {
    for (let round = 0; round < 100; round++) expect(generateApiKey()).toMatch(/^sk-opt-[A-Za-z0-9]{40}$/);
  });

  it('takes another prefix', () => {
    expect(generateApiKey('sk-opt-admin-')).toMatch(/^sk-opt-admin-[A-Za-z0-9]{40}$/);
  });

  it('never repeats and draws on the whole alphabet', () => {
    const keys = Array.from({ length: 500 }, () => generateApiKey());
    expect(new Set(keys).size).toBe(500);
    // 20,000 characters: each of the 62 would be missing with a probability far below 1e-100.
    const used = new Set(keys.flatMap((key) => [...key.slice('sk-opt-'.length)]));
    expect(used.size).toBe(62);
  });
});

describe('toKeyHint', () => {
  it('keeps the family prefix and the last four characters', () => {
    expect(toKeyHint('sk-opt-Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7Aa6Qq5W')).toBe('sk-opt-...Qq5W');
    expect(toKeyHint('sk-opt-admin-Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7Aa6Qq5W')).toBe('sk-opt-...Qq5W');
    expect(toKeyHint('sk-proj-4f9KxQ2mWv8T')).toBe('sk-...Wv8T');
    expect(toKeyHint('my-own-admin-secret-2024')).toBe('...2024');
  });

  it('never contains the middle of the key', () => {
    const key = generateApiKey();
    const hint = toKeyHint(key);
    expect(hint).toBe(`sk-opt-...${key.slice(-4)}`);
    expect(hint).not.toContain(key.slice(7, 40));
  });
});
