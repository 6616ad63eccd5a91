// `npm run bench`: OPT on core 0 in front of a fast loopback upstream; wrk, the upstream and the TTFT client
// on core 1. Every scenario runs against the upstream directly, a bare relay, and two OPT processes in the
// same run: one configured as in the core issue (auth and usage recording only) and one with tenancy and
// billing on (prices, a team and a key with budgets and RPM/TPM/concurrency limits, a ledger charge per
// request). The differences are what OPT, and what tenancy on top of it, add on this machine today.
//
// Environment: BENCH_DURATION_S (seconds per measurement, default 10), BENCH_WARMUP_S (default 2),
// BENCH_CPU_PROFILE=1 (run OPT under --cpu-prof; the profile lands in bench/results/).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkResponses } from './check-responses.mjs';
import { killAllChildren, startChild, stopChild } from './child-processes.mjs';
import { checkLedger, countUsageRows } from './count-usage-rows.mjs';
import { evaluateTargets, findProblems } from './evaluate-results.mjs';
import { formatReport } from './format-table.mjs';
import { readCoreBusyMs, readCpuTimeMs, readMemoryMb } from './process-stats.mjs';
import { runWrk } from './run-wrk.mjs';
import {
  CLIENT_KEY,
  MAX_TOKENS,
  MODEL,
  PACED_MODEL,
  startBareRelay,
  startOpt,
  startUpstream,
} from './start-targets.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const OPT_CORE = 0;
const LOAD_CORE = 1;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
const CHUNK_COUNT = 20; // what bench/fast-upstream.mjs sends; only used in labels here
// A fresh OPT runs several times slower until V8 has optimised its hot path (about 3 s, 10k requests here),
// so it gets this much load once, streaming and not, before the first scenario's own warm-up.
const PRIME_S = 3;
const TTFT_CONCURRENCY = 16;
const TTFT_CHUNK_DELAY_MS = 5;

// Both OPT processes share core 0 (each idles while the other is measured) and are primed and measured the
// same way, core-only first, back to back, so drift on this VM hits them alike.
const OPT_TARGETS = [
  { id: 'optCore', name: 'core', tenancy: false, label: 'OPT (core only)' },
  { id: 'optTenancy', name: 'tenancy', tenancy: true, label: 'OPT (tenancy + billing on)' },
];

const SCENARIOS = [
  { name: 'non-streaming', stream: false, connections: 32 },
  { name: 'non-streaming', stream: false, connections: 128 },
  { name: `streaming (${CHUNK_COUNT} chunks)`, stream: true, connections: 32 },
  { name: `streaming (${CHUNK_COUNT} chunks)`, stream: true, connections: 128 },
];

function toBody(model, stream) {
  return JSON.stringify({
    model,
    messages: [{ role: 'user', content: 'Hello' }],
    max_tokens: MAX_TOKENS,
    ...(stream ? { stream } : {}),
  });
}

function exitIfToolsMissing() {
  for (const tool of ['wrk', 'taskset']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      const hint = tool === 'wrk' ? 'apt-get install -y wrk' : 'apt-get install -y util-linux';
      process.stderr.write(`bench: '${tool}' is not installed. Install it with: ${hint}\n`);
      process.exit(1);
    }
  }
  if (os.availableParallelism() < 2) {
    process.stderr.write('bench: needs at least 2 CPU cores (OPT on one, the load on the other).\n');
    process.exit(1);
  }
}

function readMachineInfo() {
  const cpuInfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
    nodeVersion: process.version,
    cores: execFileSync('nproc', { encoding: 'utf8' }).trim(),
    cpuModel: cpuInfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? 'unknown CPU',
    wrkVersion: execFileSync('sh', ['-c', 'wrk -v 2>&1 || true'], { encoding: 'utf8' })
      .split(' ')
      .slice(0, 2)
      .join(' '),
  };
}

async function measureThroughput(url, body, connections, pid) {
  const load = { url, body, bearer: CLIENT_KEY, connections, core: LOAD_CORE };
  const warmup = await runWrk({ ...load, durationS: WARMUP_S });
  const cpuBeforeMs = pid === undefined ? 0 : readCpuTimeMs(pid);
  const coreBusyBeforeMs = readCoreBusyMs(OPT_CORE);
  const result = await runWrk({ ...load, durationS: DURATION_S });
  if (pid !== undefined) {
    const cpuMs = readCpuTimeMs(pid) - cpuBeforeMs;
    result.cpuMsPerRequest = cpuMs / result.requests;
    result.cpuBusyFraction = cpuMs / (DURATION_S * 1000);
    // Whatever else ran on OPT's core (another test run, a build) took time OPT could have used; a large
    // share means the machine was not quiet enough to trust the run.
    const othersMs = readCoreBusyMs(OPT_CORE) - coreBusyBeforeMs - cpuMs;
    result.othersBusyFraction = Math.max(0, othersMs) / (DURATION_S * 1000);
  }
  result.totalRequests = warmup.requests + result.requests;
  return result;
}

async function measureTtft(url, model) {
  const script = path.join(BENCH_DIR, 'measure-ttft.mjs');
  const args = ['-c', String(LOAD_CORE), process.execPath, script, '--url', `${url}/chat/completions`];
  args.push('--body', toBody(model, true), '--bearer', CLIENT_KEY, '--concurrency', String(TTFT_CONCURRENCY));
  args.push('--warmup-s', String(Math.min(WARMUP_S, 1)), '--duration-s', String(DURATION_S));
  const client = startChild('taskset', args);
  const { code } = await client.exited;
  if (code !== 0) throw new Error(`measure-ttft exited with ${code}:\n${client.output()}`);
  return JSON.parse(client.output().trim().split('\n').pop());
}

async function primeOpt(optUrl) {
  let completed = 0;
  for (const stream of [false, true]) {
    const load = {
      url: optUrl,
      body: toBody(MODEL, stream),
      bearer: CLIENT_KEY,
      connections: 32,
      core: LOAD_CORE,
    };
    completed += (await runWrk({ ...load, durationS: PRIME_S })).requests;
  }
  return completed;
}

async function runScenarios(directUrl, bare, opts) {
  const scenarios = [];
  const rssAfterNonStreamMb = {};
  for (const scenario of SCENARIOS) {
    const body = toBody(MODEL, scenario.stream);
    const label = `${scenario.name} c${scenario.connections}`;
    process.stderr.write(`bench: ${label}: upstream direct…\n`);
    const measured = { ...scenario, direct: await measureThroughput(directUrl, body, scenario.connections) };
    process.stderr.write(`bench: ${label}: bare relay (reference)…\n`);
    measured.reference = await measureThroughput(bare.url, body, scenario.connections, bare.pid);
    for (const opt of opts) {
      process.stderr.write(`bench: ${label}: through ${opt.label}…\n`);
      measured[opt.id] = await measureThroughput(opt.url, body, scenario.connections, opt.pid);
      if (!scenario.stream && scenario.connections === 128) {
        rssAfterNonStreamMb[opt.id] = readMemoryMb(opt.pid).rssMb;
      }
    }
    scenarios.push(measured);
  }
  return { scenarios, rssAfterNonStreamMb };
}

async function main() {
  const startedMs = Date.now();
  exitIfToolsMissing();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'opt-bench-'));
  // The exit handler runs on success, on errors and after Ctrl-C, so nothing is left behind.
  process.on('exit', () => {
    killAllChildren();
    rmSync(workDir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
  mkdirSync(RESULTS_DIR, { recursive: true });

  const fast = await startUpstream({ core: LOAD_CORE, chunkDelayMs: 0 });
  const paced = await startUpstream({ core: LOAD_CORE, chunkDelayMs: TTFT_CHUNK_DELAY_MS });
  const nodeFlags =
    process.env.BENCH_CPU_PROFILE === '1' ? ['--cpu-prof', '--cpu-prof-dir', RESULTS_DIR] : [];
  const opts = [];
  for (const target of OPT_TARGETS) {
    const started = await startOpt({
      core: OPT_CORE,
      workDir,
      name: target.name,
      tenancy: target.tenancy,
      fastBaseUrl: fast.baseUrl,
      pacedBaseUrl: paced.baseUrl,
      nodeFlags,
    });
    opts.push({
      ...target,
      ...started,
      pid: started.handle.child.pid,
      url: `${started.baseUrl}/chat/completions`,
    });
  }
  // On OPT's core too; it idles while OPT is measured and OPT idles while it is.
  const bareRelay = await startBareRelay({ core: OPT_CORE, upstreamBaseUrl: fast.baseUrl });
  const bare = { url: `${bareRelay.baseUrl}/chat/completions`, pid: bareRelay.handle.child.pid };
  // The TTFT floor of any relay on this machine: the same bare relay in front of the paced upstream.
  const pacedBareRelay = await startBareRelay({ core: OPT_CORE, upstreamBaseUrl: paced.baseUrl });
  const directUrl = `${fast.baseUrl}/chat/completions`;
  await checkResponses({ url: directUrl, bearer: CLIENT_KEY, model: MODEL, label: 'upstream' });
  const quotaHeaders = {};
  for (const opt of opts) {
    const quota = opt.tenancy ? 'on' : 'off';
    quotaHeaders[opt.id] = await checkResponses({
      url: opt.url,
      bearer: CLIENT_KEY,
      model: MODEL,
      label: opt.label,
      quota,
    });
  }

  const primedRequests = {};
  for (const opt of opts) {
    process.stderr.write(`bench: priming ${opt.label}…\n`);
    primedRequests[opt.id] = await primeOpt(opt.url);
  }
  // Light load means a warm OPT that is not still digesting the c128 runs, so this goes first.
  process.stderr.write('bench: time to first token…\n');
  const ttft = {
    concurrency: TTFT_CONCURRENCY,
    chunkDelayMs: TTFT_CHUNK_DELAY_MS,
    direct: await measureTtft(paced.baseUrl, PACED_MODEL),
    reference: await measureTtft(pacedBareRelay.baseUrl, PACED_MODEL),
  };
  for (const opt of opts) ttft[opt.id] = await measureTtft(opt.baseUrl, PACED_MODEL);
  const { scenarios, rssAfterNonStreamMb } = await runScenarios(directUrl, bare, opts);

  const memory = { referencePeakRssMb: readMemoryMb(bare.pid).peakRssMb };
  for (const opt of opts) {
    memory[opt.id] = {
      rssAfterNonStreamMb: rssAfterNonStreamMb[opt.id],
      peakRssMb: readMemoryMb(opt.pid).peakRssMb,
    };
  }
  // A graceful stop flushes the usage batch writer, so the rows and ledger entries read below are complete.
  await Promise.all(opts.map((opt) => stopChild(opt.handle, 35_000)));
  await Promise.all([
    stopChild(fast.handle),
    stopChild(paced.handle),
    stopChild(bareRelay.handle),
    stopChild(pacedBareRelay.handle),
  ]);
  const checkRequests = 2;
  const usage = {};
  for (const opt of opts) {
    const completedRequests = scenarios.reduce(
      (sum, scenario) => sum + scenario[opt.id].totalRequests,
      checkRequests + primedRequests[opt.id] + ttft[opt.id].completed,
    );
    usage[opt.id] = { recordedRows: countUsageRows(opt.dataDir), completedRequests };
    if (opt.tenancy) usage[opt.id].ledger = checkLedger(opt.dataDir);
  }

  const report = formatReport({
    machine: readMachineInfo(),
    settings: { durationS: DURATION_S, warmupS: WARMUP_S, chunkCount: CHUNK_COUNT },
    scenarios,
    ttft,
    memory,
    usage,
    quotaHeaders,
    targets: evaluateTargets(scenarios, ttft, memory),
  });
  process.stdout.write(`\n${report}`);
  writeFileSync(path.join(RESULTS_DIR, 'latest.md'), report);

  const problems = findProblems(scenarios, ttft, usage);
  if (problems.length > 0) {
    process.stderr.write(
      `\nbench: errors during the run, the numbers above are not valid:\n- ${problems.join('\n- ')}\n`,
    );
    process.exitCode = 1;
  }
  process.stderr.write(`bench: finished in ${Math.round((Date.now() - startedMs) / 1000)} s\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exit(1);
});
