import type { ServerResponse } from 'node:http';

/*
 * The answers of the provider conformance suite, vendor-neutral: every fake upstream (OpenAI, Azure,
 * OpenAI-compatible vendors, Anthropic, Gemini) renders the same answer in its own documented wire
 * format when the upstream model is one of these ids, and provider-conformance.ts checks that every
 * adapter turns it back into the same OpenAI result.
 */

export interface ConformanceToolCall {
  id: string;
  name: string;
  /** Compact JSON (what Anthropic and Gemini adapters re-serialise), cut into the deltas sent. */
  argumentPieces: string[];
}

export interface ConformanceAnswer {
  reasoningPieces: string[];
  textPieces: string[];
  toolCalls: ConformanceToolCall[];
  finish: 'stop' | 'length' | 'tool_calls';
  /** In OpenAI terms: prompt includes cached, completion includes reasoning. */
  usage: { prompt: number; cached: number; completion: number; reasoning: number };
}

export const CONFORMANCE_MODELS = {
  text: 'conf-text',
  tool: 'conf-tool',
  textThenTool: 'conf-text-then-tool',
  parallelTools: 'conf-parallel-tools',
  reasoning: 'conf-reasoning',
  length: 'conf-length',
  error400: 'conf-error-400',
  error500: 'conf-error-500',
  midStreamError: 'conf-mid-stream-error',
  malformedStream: 'conf-malformed-stream',
  slowStream: 'conf-slow-stream',
} as const;

const USAGE = { prompt: 20, cached: 4, completion: 12, reasoning: 0 };

const PARIS_PIECES = ['{"ci', 'ty":"Pa', 'ris","un', 'it":"cel', 'sius"}'];
const TOKYO_PIECES = ['{"city"', ':"Tok', 'yo","unit":', '"celsius"', '}'];

const ANSWERS: Record<string, ConformanceAnswer> = {
  [CONFORMANCE_MODELS.text]: {
    reasoningPieces: [],
    textPieces: ['Hello', ' from the', ' conformance', ' suite.'],
    toolCalls: [],
    finish: 'stop',
    usage: USAGE,
  },
  [CONFORMANCE_MODELS.tool]: {
    reasoningPieces: [],
    textPieces: [],
    toolCalls: [{ id: 'call_conf_paris', name: 'get_weather', argumentPieces: PARIS_PIECES }],
    finish: 'tool_calls',
    usage: USAGE,
  },
  [CONFORMANCE_MODELS.textThenTool]: {
    reasoningPieces: [],
    textPieces: ['Let me', ' check.'],
    toolCalls: [{ id: 'call_conf_paris', name: 'get_weather', argumentPieces: PARIS_PIECES }],
    finish: 'tool_calls',
    usage: USAGE,
  },
  [CONFORMANCE_MODELS.parallelTools]: {
    reasoningPieces: [],
    textPieces: [],
    toolCalls: [
      { id: 'call_conf_paris', name: 'get_weather', argumentPieces: PARIS_PIECES },
      { id: 'call_conf_tokyo', name: 'get_time', argumentPieces: TOKYO_PIECES },
    ],
    finish: 'tool_calls',
    usage: USAGE,
  },
  [CONFORMANCE_MODELS.reasoning]: {
    reasoningPieces: ['Thinking', ' it', ' through.'],
    textPieces: ['The answer', ' is 4.'],
    toolCalls: [],
    finish: 'stop',
    usage: { ...USAGE, reasoning: 5 },
  },
  [CONFORMANCE_MODELS.length]: {
    reasoningPieces: [],
    textPieces: ['Cut', ' short'],
    toolCalls: [],
    finish: 'length',
    usage: USAGE,
  },
  // Streams its first text piece, then the vendor's mid-stream error event.
  [CONFORMANCE_MODELS.midStreamError]: {
    reasoningPieces: [],
    textPieces: ['Partial'],
    toolCalls: [],
    finish: 'stop',
    usage: USAGE,
  },
  // Streams its first text piece, then an event that is not JSON.
  [CONFORMANCE_MODELS.malformedStream]: {
    reasoningPieces: [],
    textPieces: ['Partial'],
    toolCalls: [],
    finish: 'stop',
    usage: USAGE,
  },
  // Streams slowly enough for a client to hang up in the middle.
  [CONFORMANCE_MODELS.slowStream]: {
    reasoningPieces: [],
    textPieces: Array.from({ length: 40 }, (_, index) => `w${index} `),
    toolCalls: [],
    finish: 'stop',
    usage: USAGE,
  },
};

/** Pause between events of the slow stream. */
const SLOW_EVENT_DELAY_MS = 25;

export function findConformanceAnswer(model: string): ConformanceAnswer | null {
  return ANSWERS[model] ?? null;
}

/** The HTTP status a conformance model answers with before any body (null: a normal answer). */
export function conformanceErrorStatus(model: string): 400 | 500 | null {
  if (model === CONFORMANCE_MODELS.error400) return 400;
  if (model === CONFORMANCE_MODELS.error500) return 500;
  return null;
}

/** How a conformance stream breaks off after its text: the vendor's error event, or a non-JSON event. */
export function streamBreakOf(model: string): 'error' | 'malformed' | null {
  if (model === CONFORMANCE_MODELS.midStreamError) return 'error';
  if (model === CONFORMANCE_MODELS.malformedStream) return 'malformed';
  return null;
}

/** Writes a stream's framed events and ends it; the slow model's events one by one, until the peer leaves. */
export async function writeConformanceEvents(
  response: ServerResponse,
  model: string,
  events: readonly string[],
): Promise<void> {
  if (model !== CONFORMANCE_MODELS.slowStream) {
    response.end(events.join(''));
    return;
  }
  for (const event of events) {
    if (response.destroyed) return;
    response.write(event);
    await new Promise((resolve) => setTimeout(resolve, SLOW_EVENT_DELAY_MS));
  }
  response.end();
}

export function isConformanceModel(model: string): boolean {
  return model in ANSWERS || conformanceErrorStatus(model) !== null;
}
