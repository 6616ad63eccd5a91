// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are ${ENV} references under test, not templates.
import { describe, expect, it } from 'vitest';
import { interpolateEnv } from './interpolate-env.js';

describe('interpolateEnv', () => {
  const env = { TOKEN: 'abc', EMPTY: '', TRICKY: 'a: b # c "d" \'e\' ${NOT_EXPANDED}' };

  it.each([
    ['plain text', 'plain text'],
    ['${TOKEN}', 'abc'],
    ['Bearer ${TOKEN}!', 'Bearer abc!'],
    ['${TOKEN}-${TOKEN}', 'abc-abc'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${MISSING:-}', ''],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${TOKEN:-fallback}', 'abc'],
    ['${MISSING:-http://x:1/y}', 'http://x:1/y'],
    ['${EMPTY}', ''],
    ['$${TOKEN}', '${TOKEN}'],
    ['cost $5 and $$ and $', 'cost $5 and $$ and $'],
    ['${TRICKY}', 'a: b # c "d" \'e\' ${NOT_EXPANDED}'],
  ])('expands %j to %j', (text, expected) => {
    expect(interpolateEnv(text, env)).toEqual({ ok: true, value: expected });
  });

  it('names a variable that is not set', () => {
    expect(interpolateEnv('${DEEPSEEK_API_KEY}', env)).toEqual({
      ok: false,
      problem: 'environment variable DEEPSEEK_API_KEY is not set',
    });
  });

  it('rejects an unterminated reference', () => {
    expect(interpolateEnv('x ${TOKEN', env)).toEqual({
      ok: false,
      problem: 'unterminated "${" (write "$${" for a literal "${")',
    });
  });

  it.each(['${}', '${1ABC}', '${A B}', '${A:+b}'])('rejects the malformed reference %j', (text) => {
    const result = interpolateEnv(text, env);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toContain(`invalid variable reference "${text}"`);
  });
});
