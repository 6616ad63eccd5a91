import { describe, expect, it } from 'vitest';
import { asError, ErrorBoundary } from './error-boundary';

describe('ErrorBoundary', () => {
  it('keeps whatever was thrown as an Error with a message', () => {
    const error = new TypeError('x is undefined');
    expect(asError(error)).toBe(error);
    expect(asError('boom').message).toBe('boom');
    expect(asError({ code: 1 }).message).toBe('{"code":1}');
    expect(asError(undefined).message).toBe('undefined');
  });

  it('switches to the error state when a child throws', () => {
    expect(ErrorBoundary.getDerivedStateFromError('broken')).toEqual({ error: new Error('broken') });
  });
});
