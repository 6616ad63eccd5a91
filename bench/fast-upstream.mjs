// A minimal OpenAI-compatible upstream for the benchmark. Every response body is built once at start-up, so
// the time measured is spent in OPT and the load generator, not here.
//
// Usage: node bench/fast-upstream.mjs [--port N] [--chunk-delay-ms MS]
// Prints one JSON line {"port":N} on stdout once it is listening.
import http from 'node:http';
import { parseArgs } from 'node:util';

const CONTENT_CHUNK_COUNT = 20;
const CREATED_SECONDS = 1_700_000_000;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'chunk-delay-ms': { type: 'string', default: process.env.BENCH_CHUNK_DELAY_MS ?? '0' },
  },
});
const chunkDelayMs = Number(values['chunk-delay-ms']);

const completionBody = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: CREATED_SECONDS,
    model: 'bench-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello from the benchmark upstream.' },
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 8, completion_tokens: 8, total_tokens: 16 },
  }),
);

function toSseEvent(choices, usage) {
  const chunk = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: CREATED_SECONDS,
    model: 'bench-model',
    choices,
  };
  if (usage !== undefined) chunk.usage = usage;
  return Buffer.from(`data: ${JSON.stringify(chunk)}\n\n`);
}

// The first chunk carries the role as well, the way OpenAI's first delta does.
const contentEvents = Array.from({ length: CONTENT_CHUNK_COUNT }, (_, index) =>
  toSseEvent([
    {
      index: 0,
      delta: index === 0 ? { role: 'assistant', content: 'token0 ' } : { content: `token${index} ` },
      finish_reason: null,
    },
  ]),
);
const finishEvent = toSseEvent([{ index: 0, delta: {}, finish_reason: 'stop' }]);
const usageEvent = toSseEvent([], {
  prompt_tokens: 8,
  completion_tokens: CONTENT_CHUNK_COUNT,
  total_tokens: 8 + CONTENT_CHUNK_COUNT,
});
const doneEvent = Buffer.from('data: [DONE]\n\n');

// Tail events after the content: the usage chunk only goes to clients that asked for it.
const tailWithUsage = Buffer.concat([finishEvent, usageEvent, doneEvent]);
const tailWithoutUsage = Buffer.concat([finishEvent, doneEvent]);
const wholeStreamWithUsage = Buffer.concat([...contentEvents, tailWithUsage]);
const wholeStreamWithoutUsage = Buffer.concat([...contentEvents, tailWithoutUsage]);

const completionHeaders = {
  'content-type': 'application/json',
  'content-length': String(completionBody.length),
};
const streamHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

function answerCompletion(response) {
  response.writeHead(200, completionHeaders);
  response.end(completionBody);
}

function answerStream(response, includeUsage) {
  response.writeHead(200, streamHeaders);
  const tail = includeUsage ? tailWithUsage : tailWithoutUsage;
  if (chunkDelayMs <= 0) {
    // Back-to-back: one write, as a fast model server with Nagle off would deliver it.
    response.end(includeUsage ? wholeStreamWithUsage : wholeStreamWithoutUsage);
    return;
  }
  // Paced: each content chunk arrives chunkDelayMs after the previous one, the first after one delay too,
  // as if the model needed that long for every token.
  let sent = 0;
  const timer = setInterval(() => {
    if (response.destroyed) {
      clearInterval(timer);
      return;
    }
    if (sent < contentEvents.length) {
      response.write(contentEvents[sent]);
      sent += 1;
      return;
    }
    clearInterval(timer);
    response.end(tail);
  }, chunkDelayMs);
}

function answerNotFound(response) {
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
}

const server = http.createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  if (request.method !== 'POST' || !request.url.endsWith('/chat/completions')) {
    request.resume();
    answerNotFound(response);
    return;
  }
  const parts = [];
  request.on('data', (part) => parts.push(part));
  request.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"invalid JSON","type":"invalid_request_error"}}');
      return;
    }
    if (body.stream === true) answerStream(response, body.stream_options?.include_usage === true);
    else answerCompletion(response);
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});

// Nothing to flush, so a stop request needs no grace period.
process.on('SIGTERM', () => process.exit(0));
