import { describe, expect, it } from 'vitest';
import { RequestAbort } from './request-abort.js';

describe('RequestAbort', () => {
  it('calls each listener once with the reason set, and ignores later aborts', () => {
    const abort = new RequestAbort();
    const calls: unknown[] = [];
    const listener = () => calls.push(abort.reason);
    abort.addEventListener('abort', listener);
    const reason = new DOMException('gone', 'AbortError');
    abort.abort(reason);
    abort.abort(new Error('second'));
    expect(abort.aborted).toBe(true);
    expect(calls).toEqual([reason]);
  });

  it('does not call removed listeners, nor listeners added after the abort', () => {
    const abort = new RequestAbort();
    let called = 0;
    const listener = () => called++;
    abort.addEventListener('abort', listener);
    abort.removeEventListener('abort', listener);
    abort.abort();
    abort.addEventListener('abort', listener);
    expect(called).toBe(0);
    expect((abort.reason as DOMException).name).toBe('AbortError');
  });
});
