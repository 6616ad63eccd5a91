import { ApiError } from '../../api/api-error';
import type { ApiClient } from '../../api/client';
import {
  type AssistantReply,
  applyChunk,
  EMPTY_REPLY,
  hasOutput,
  replyFromCompletion,
} from './assistant-reply';
import type { ChatChunk, ChatCompletion, ChatRequestBody } from './chat-types';
import { readSseStream } from './sse-parser';

/**
 * The admin endpoint that runs a chat completion through the gateway (routing, failover, metering) as the
 * signed-in admin, without a client key. Same body and answer as `/v1/chat/completions`.
 */
export const PLAYGROUND_PATH = '/admin/playground/chat/completions';

export interface TurnError {
  message: string;
  code: string | null;
  type: string | null;
  /** The request field the error is about (`temperature`, `tools`), shown beside that field. */
  param: string | null;
  /** HTTP status of a refused request; null for an error event in the middle of a stream. */
  status: number | null;
}

/** One call's outcome, also reported while it streams. */
export interface TurnResult {
  requestId: string | null;
  reply: AssistantReply;
  /** Client-measured, from sending to the end of the answer (or the stop). */
  totalMs: number;
  /** Client-measured time to the first visible delta; null when not streamed. */
  ttftMs: number | null;
  /** Decimal text in the gateway's currency: the `x-opt-cost` header, or `usage.cost` of the stream. */
  cost: string | null;
  error: TurnError | null;
  /** The user pressed Stop. */
  stopped: boolean;
}

/** A turn before anything came back: what a call starts from, and what the conversation shows meanwhile. */
export const PENDING_TURN: TurnResult = {
  requestId: null,
  reply: EMPTY_REPLY,
  totalMs: 0,
  ttftMs: null,
  cost: null,
  error: null,
  stopped: false,
};

export async function sendChat(
  api: ApiClient,
  body: ChatRequestBody,
  options: { signal: AbortSignal; onUpdate(result: TurnResult): void; now?: () => number },
): Promise<TurnResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const result: TurnResult = { ...PENDING_TURN };
  const finish = (): TurnResult => ({ ...result, totalMs: now() - started });

  let response: Response;
  try {
    response = await api.fetch('POST', PLAYGROUND_PATH, { body, signal: options.signal });
  } catch (error) {
    if (isAbort(error)) return { ...finish(), stopped: true };
    if (error instanceof ApiError) {
      result.requestId = error.requestId;
      result.error = {
        message: error.message,
        code: error.code,
        type: error.type,
        param: error.param,
        status: error.status,
      };
      return finish();
    }
    throw error;
  }
  result.requestId = response.headers.get('x-request-id');

  try {
    const isStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
    if (!isStream || !response.body) {
      const completion = (await response.json()) as ChatCompletion;
      result.reply = replyFromCompletion(completion);
      result.cost = response.headers.get('x-opt-cost') ?? costText(result.reply.usage?.cost);
      return finish();
    }
    await readSseStream(response.body, (data) => {
      if (data === '[DONE]') return;
      let chunk: ChatChunk;
      try {
        chunk = JSON.parse(data) as ChatChunk;
      } catch {
        return; // Not JSON: nothing a person could read in it; the gateway would have said so in an event.
      }
      if (result.ttftMs === null && hasOutput(chunk)) result.ttftMs = now() - started;
      result.reply = applyChunk(result.reply, chunk);
      if (chunk.error) {
        result.error = {
          message: chunk.error.message ?? '',
          code: chunk.error.code ?? null,
          type: chunk.error.type ?? null,
          param: chunk.error.param ?? null,
          status: null,
        };
      }
      options.onUpdate(finish());
    });
    result.cost = costText(result.reply.usage?.cost);
    return finish();
  } catch (error) {
    if (isAbort(error)) return { ...finish(), stopped: true };
    // The connection broke mid-answer: keep what arrived and say so.
    result.error = {
      message: (error as Error).message,
      code: 'network_error',
      type: null,
      param: null,
      status: 0,
    };
    return finish();
  }
}

function costText(cost: number | string | undefined): string | null {
  return cost === undefined || cost === null ? null : String(cost);
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}
