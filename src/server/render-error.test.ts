import { describe, expect, it } from 'vitest';
import { isMessagesApiPath } from './render-error.js';

describe('isMessagesApiPath', () => {
  it.each([
    ['/v1/messages', true],
    ['/v1/messages?beta=true', true],
    ['/v1/messages/count_tokens', true],
    ['/v1/messages/unknown', true],
    ['/v1/messagesx', false],
    ['/v1/chat/completions', false],
    ['/messages', false],
  ])('%s → %s', (url, expected) => {
    expect(isMessagesApiPath(url)).toBe(expected);
  });
});
