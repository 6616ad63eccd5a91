import { InvalidRequestError } from '../api/gateway-error.js';

/** The sort key of the last row on a page; the next page starts strictly after it. */
export interface UsageCursor {
  createdAtMs: number;
  requestId: string;
}

export function encodeUsageCursor(cursor: UsageCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAtMs, cursor.requestId]), 'utf8').toString('base64url');
}

/** Throws InvalidRequestError (param `cursor`): cursors come from clients of the admin API. */
export function decodeUsageCursor(text: string): UsageCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    Number.isSafeInteger(parsed[0]) &&
    typeof parsed[1] === 'string'
  ) {
    return { createdAtMs: parsed[0], requestId: parsed[1] };
  }
  throw new InvalidRequestError('The cursor is not valid; pass nextCursor from a previous page.', 'cursor');
}
