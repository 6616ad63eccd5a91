// Time to first token under light load: `concurrency` streams run back to back for a while, and each one
// records the time from sending the request to receiving the first SSE event that carries content.
//
// Usage: node bench/measure-ttft.mjs --url URL --body JSON --bearer TOKEN
//          [--concurrency 16] [--warmup-s 1] [--duration-s 5]
// Prints one JSON line: { samples, p50Ms, p99Ms, completed, errors, lastError }; completed counts warm-up too.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    body: { type: 'string' },
    bearer: { type: 'string' },
    concurrency: { type: 'string', default: '16' },
    'warmup-s': { type: 'string', default: '1' },
    'duration-s': { type: 'string', default: '5' },
  },
});
const concurrency = Number(values.concurrency);
const target = new URL(values.url);
const body = Buffer.from(values.body);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const requestOptions = {
  agent,
  method: 'POST',
  hostname: target.hostname,
  port: target.port,
  path: target.pathname,
  headers: {
    'content-type': 'application/json',
    'content-length': String(body.length),
    authorization: `Bearer ${values.bearer}`,
  },
};

function hasContent(event) {
  if (!event.startsWith('data: ') || event.startsWith('data: [DONE]')) return false;
  const chunk = JSON.parse(event.slice('data: '.length));
  const content = chunk.choices?.[0]?.delta?.content;
  return typeof content === 'string' && content.length > 0;
}

/** Resolves with the time to first content in ms, after the whole stream has been read. */
function streamOnce() {
  return new Promise((resolve, reject) => {
    const startMs = performance.now();
    let firstContentMs;
    let pending = '';
    const request = http.request(requestOptions, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`status ${response.statusCode}`));
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (text) => {
        if (firstContentMs !== undefined) return;
        pending += text;
        const events = pending.split('\n\n');
        pending = events.pop();
        if (events.some(hasContent)) firstContentMs = performance.now() - startMs;
      });
      response.on('end', () => {
        if (firstContentMs === undefined) reject(new Error('stream ended without content'));
        else resolve(firstContentMs);
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

function percentile(sortedValues, fraction) {
  const index = Math.min(sortedValues.length - 1, Math.ceil(fraction * sortedValues.length) - 1);
  return sortedValues[Math.max(0, index)];
}

const warmupEndsMs = performance.now() + Number(values['warmup-s']) * 1000;
const measureEndsMs = warmupEndsMs + Number(values['duration-s']) * 1000;
const samples = [];
let completed = 0;
let errors = 0;
let lastError = '';

async function runWorker() {
  while (performance.now() < measureEndsMs) {
    const startedMs = performance.now();
    try {
      const ttftMs = await streamOnce();
      completed += 1;
      if (startedMs >= warmupEndsMs) samples.push(ttftMs);
    } catch (error) {
      errors += 1;
      lastError = error.message;
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, runWorker));
agent.destroy();
samples.sort((a, b) => a - b);
const result = { samples: samples.length, p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99) };
process.stdout.write(`${JSON.stringify({ ...result, completed, errors, lastError })}\n`);
