import { describe, expect, it } from 'vitest';
import { maskKey, maskSecrets } from './mask-secrets.js';

describe('maskSecrets', () => {
  it('keeps the family prefix and last four characters of sk- keys', () => {
    const masked = maskSecrets('upstream rejected sk-proj-Ab3dEf6hIj9kLm2nOp5q for this model');
    expect(masked).toBe('upstream rejected sk-...Op5q for this model');
    expect(masked).not.toContain('Ab3dEf6hIj9k');
  });

  it('masks our own sk-opt- keys and other key-shaped tokens', () => {
    expect(maskSecrets('key sk-opt-Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7Aa6Qq5 is revoked')).toBe(
      'key sk-...6Qq5 is revoked',
    );
    expect(maskSecrets('token_9f8e7d6c5b4a3f2e1d0c')).toBe('tok...1d0c');
  });

  it('replaces Bearer tokens entirely', () => {
    const header = 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sgn-a1b2c3';
    expect(maskSecrets(header)).toBe('Authorization: Bearer ***');
    expect(maskSecrets('bearer sk-live-0123456789abcdef')).toBe('bearer ***');
  });

  it('hides credentials in URLs and keeps the host', () => {
    expect(maskSecrets('connect to https://opt:s3cr3t-pa55@llm.internal:8443/v1 failed')).toBe(
      'connect to https://***@llm.internal:8443/v1 failed',
    );
    expect(maskSecrets('postgres://gateway:hunter22@db:5432/opt')).toBe('postgres://***@db:5432/opt');
  });

  it('hides secrets in query parameters and keeps the other parameters', () => {
    expect(
      maskSecrets('GET https://generativelanguage.googleapis.com/v1beta/models?key=AIzaSyD4fake9Kq&alt=sse'),
    ).toBe('GET https://generativelanguage.googleapis.com/v1beta/models?key=***&alt=sse');
    expect(maskSecrets('/v1/chat?stream=true&api_key=abc123&access_token=xyz789')).toBe(
      '/v1/chat?stream=true&api_key=***&access_token=***',
    );
    expect(maskSecrets('"url":"https://x.test/v1?token=t0k3n"')).toBe('"url":"https://x.test/v1?token=***"');
  });

  it('leaves ordinary error text untouched', () => {
    const messages = [
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens.",
      'Rate limit reached for gpt-4o-mini in organization org-Fq2WnV7hTzK9pLx3RdYc8sJm on tokens per min (TPM).',
      'Incorrect API key provided: sk-proj-****************************Xy9Q.',
      'Invalid value for max_tokens: context_length_exceeded, see https://platform.openai.com/docs/guides/error-codes',
      'model gpt-4o-2024-08-06 not found; try deepseek-reasoner or qwen-max-latest',
      '请求过于频繁，请稍后再试 (request_id: 3f1b7c2e-9a4d-4e8b-b6f0-2d5c8a1e7f93)',
      'mailto:ops@example.com https://example.com:8443/path?page=2&sort=desc',
      '',
    ];
    for (const message of messages) expect(maskSecrets(message)).toBe(message);
  });
});

describe('maskKey', () => {
  it('shows a short prefix and the last four characters', () => {
    expect(maskKey('sk-opt-1234567890abcdef')).toBe('sk-...cdef');
    expect(maskKey('AIzaSyD4fake9KqLm')).toBe('AIz...KqLm');
  });

  it('hides short keys completely', () => {
    expect(maskKey('sk-12345')).toBe('***');
    expect(maskKey('')).toBe('***');
  });
});
