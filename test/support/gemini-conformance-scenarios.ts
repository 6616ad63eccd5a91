import type { ServerResponse } from 'node:http';
import {
  type ConformanceAnswer,
  conformanceErrorStatus,
  findConformanceAnswer,
  streamBreakOf,
  writeConformanceEvents,
} from './conformance-answers.js';

/*
 * The conformance answers (conformance-answers.ts) in Gemini's generateContent: thought parts, text
 * parts, whole functionCall parts (Gemini never splits arguments), usageMetadata with thoughts counted
 * apart from candidates, and an `error` object mid-stream. @see https://ai.google.dev/api/generate-content
 */

type Part = Record<string, unknown>;

function send(response: ServerResponse, status: number, body: unknown): true {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
  return true;
}

/** Answers a conformance model (from the URL); false for any other model. */
export function answerGeminiConformance(model: string, stream: boolean, response: ServerResponse): boolean {
  const status = conformanceErrorStatus(model);
  if (status === 400) {
    return send(response, 400, {
      error: { code: 400, message: 'The input token count exceeds the maximum.', status: 'INVALID_ARGUMENT' },
    });
  }
  if (status === 500) {
    return send(response, 500, {
      error: { code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' },
    });
  }
  const answer = findConformanceAnswer(model);
  if (!answer) return false;
  const events = toEvents(answer, model);
  if (!stream) return send(response, 200, merge(events));
  const frames = events.map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`);
  const streamBreak = streamBreakOf(model);
  if (streamBreak === 'error') {
    const error = { error: { code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' } };
    frames.push(`data: ${JSON.stringify(error)}\r\n\r\n`);
  } else if (streamBreak === 'malformed') {
    frames.push('data: {"candidates": [{"content": \r\n\r\n');
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  void writeConformanceEvents(response, model, frames);
  return true;
}

function toEvents(answer: ConformanceAnswer, model: string): Array<Record<string, unknown>> {
  const { prompt, cached, completion, reasoning } = answer.usage;
  const partial = { promptTokenCount: prompt, totalTokenCount: prompt };
  const groups: Part[][] = [
    ...answer.reasoningPieces.map((text) => [{ text, thought: true }]),
    ...answer.textPieces.map((text) => [{ text }]),
  ];
  const midStreamError = streamBreakOf(model) !== null;
  if (!midStreamError && answer.toolCalls.length > 0) {
    groups.push(
      answer.toolCalls.map((call) => ({
        functionCall: { name: call.name, args: JSON.parse(call.argumentPieces.join('')) },
      })),
    );
  }
  return groups.map((parts, index) => {
    const last = index === groups.length - 1 && !midStreamError;
    const candidate: Record<string, unknown> = { content: { role: 'model', parts }, index: 0 };
    if (last) candidate.finishReason = answer.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
    const usageMetadata = last
      ? {
          promptTokenCount: prompt,
          cachedContentTokenCount: cached,
          candidatesTokenCount: completion - reasoning,
          ...(reasoning > 0 ? { thoughtsTokenCount: reasoning } : {}),
          totalTokenCount: prompt + completion,
        }
      : partial;
    return { candidates: [candidate], usageMetadata, modelVersion: model, responseId: `resp-${model}` };
  });
}

/** The non-streamed answer: the events' parts in one candidate, the last event's finish and usage. */
function merge(events: Array<Record<string, unknown>>): Record<string, unknown> {
  type Candidate = { content: { parts: Part[] } };
  const parts = events.flatMap((event) => (event.candidates as Candidate[])[0]!.content.parts);
  const last = events.at(-1)!;
  const candidate = (last.candidates as Candidate[])[0]!;
  return { ...last, candidates: [{ ...candidate, content: { role: 'model', parts } }] };
}
