// Runs wrk pinned to the load core and turns its text summary into numbers.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from './child-processes.mjs';

const SCRIPT_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wrk-post.lua');

// wrk prints durations with these units (see stats.c in wg/wrk).
const MS_PER_UNIT = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Runs `taskset -c core wrk …` and returns the parsed summary. */
export async function runWrk({ url, body, bearer, connections, durationS, core }) {
  const args = ['-c', String(core), 'wrk', '-t1', `-c${connections}`, `-d${durationS}s`, '--latency'];
  args.push('--timeout', '10s', '-s', SCRIPT_PATH, url);
  const wrk = startChild('taskset', args, {
    env: { ...process.env, BENCH_BODY: body, BENCH_BEARER: bearer },
  });
  const { code } = await wrk.exited;
  if (code !== 0) throw new Error(`wrk exited with ${code}:\n${wrk.output()}`);
  return parseWrkOutput(wrk.output());
}

export function parseWrkOutput(text) {
  const requests = text.match(/^\s*(\d+) requests in ([\d.]+)(\w+)/m);
  const requestsPerSecond = text.match(/^Requests\/sec:\s+([\d.]+)/m);
  const p50 = text.match(/^\s*50%\s+([\d.]+)(\w+)/m);
  const p99 = text.match(/^\s*99%\s+([\d.]+)(\w+)/m);
  if (!requests || !requestsPerSecond || !p50 || !p99) {
    throw new Error(`Could not parse wrk output:\n${text}`);
  }
  const non2xx = text.match(/^\s*Non-2xx or 3xx responses:\s+(\d+)/m);
  const socketErrors = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  return {
    requests: Number(requests[1]),
    requestsPerSecond: Number(requestsPerSecond[1]),
    p50Ms: toMs(p50[1], p50[2]),
    p99Ms: toMs(p99[1], p99[2]),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: socketErrors ? socketErrors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0,
    rawOutput: text,
  };
}

function toMs(value, unit) {
  const factor = MS_PER_UNIT[unit];
  if (factor === undefined) throw new Error(`Unknown wrk time unit '${unit}'.`);
  return Number(value) * factor;
}
