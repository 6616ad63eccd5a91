import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { CallSignal } from '../provider-adapter.js';

/** What a request to an upstream needs; the dispatcher is the channel's pooled keep-alive agent. */
export interface UpstreamRequest {
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  signal: CallSignal;
  headersTimeout: number;
  bodyTimeout: number;
}

export interface UpstreamResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The body as it arrives, with backpressure: reading stops the socket when the reader falls behind. */
  body: AsyncIterable<Buffer>;
  /** The whole body as UTF-8, cut at `maxBytes` (the rest is discarded with the connection). */
  text(maxBytes?: number): Promise<string>;
}

/** Buffered body bytes above which the upstream socket is paused until the reader catches up. */
const PAUSE_ABOVE_BYTES = 64 * 1024;
const UNBOUNDED = Number.POSITIVE_INFINITY;

/**
 * One upstream HTTP exchange over undici's dispatch API. `undici.request` wraps every response in a
 * Node Readable and every call in its own signal plumbing; on a gateway that relays thousands of
 * small responses a second on one core, that machinery was the largest cost after the socket writes.
 * This handler keeps body chunks in a plain array and hands them to one async reader.
 */
export function sendUpstreamRequest(
  dispatcher: Dispatcher,
  request: UpstreamRequest,
): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const exchange = new UpstreamExchange(request.signal, resolve, reject);
    dispatcher.dispatch(
      {
        origin: request.origin,
        path: request.path,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        headersTimeout: request.headersTimeout,
        bodyTimeout: request.bodyTimeout,
      },
      exchange,
    );
  });
}

class UpstreamExchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private readonly chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private ended = false;
  private failure: Error | null = null;
  private started = false;
  private wake: (() => void) | null = null;
  private readonly onAbort = () => this.controller?.abort(toError(this.signal.reason));

  constructor(
    private readonly signal: CallSignal,
    private readonly resolveResponse: (response: UpstreamResponse) => void,
    private readonly rejectResponse: (error: Error) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) {
      controller.abort(toError(this.signal.reason));
      return;
    }
    this.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    // 1xx informational answers come first and are not the response.
    if (statusCode < 200) return;
    this.started = true;
    this.resolveResponse({
      statusCode,
      headers,
      body: { [Symbol.asyncIterator]: () => this.reader() },
      text: (maxBytes = UNBOUNDED) => this.readText(maxBytes),
    });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    if (this.bufferedBytes > PAUSE_ABOVE_BYTES) controller.pause();
    this.notify();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.signal.removeEventListener('abort', this.onAbort);
    this.notify();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.signal.removeEventListener('abort', this.onAbort);
    if (!this.started) {
      this.rejectResponse(error);
      return;
    }
    this.failure = error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Next chunk, or null at the end; throws the transport error if the body failed. */
  private async nextChunk(): Promise<Buffer | null> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        this.bufferedBytes -= chunk.length;
        if (this.controller?.paused && this.bufferedBytes <= PAUSE_ABOVE_BYTES / 2) this.controller.resume();
        return chunk;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private reader(): AsyncIterator<Buffer> {
    return {
      next: async () => {
        const chunk = await this.nextChunk();
        return chunk ? { value: chunk, done: false } : { value: undefined, done: true };
      },
      // A reader that stops early gives the connection up: the rest of the body will never be read.
      return: async () => {
        this.discard();
        return { value: undefined, done: true };
      },
    };
  }

  private async readText(maxBytes: number): Promise<string> {
    const parts: Buffer[] = [];
    let size = 0;
    for (let chunk = await this.nextChunk(); chunk; chunk = await this.nextChunk()) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) {
        this.discard();
        break;
      }
    }
    const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8');
    return size > maxBytes ? text.slice(0, maxBytes) : text;
  }

  private discard(): void {
    if (this.ended || this.failure) return;
    this.failure = new Error('response body discarded');
    this.controller?.abort(this.failure);
  }
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
