// Starts the fast upstreams, the bare relays and the OPT processes (core only, and tenancy + billing on),
// each pinned to its core with taskset.
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startChild, waitForLine } from './child-processes.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = path.dirname(BENCH_DIR);
const STARTUP_TIMEOUT_MS = 20_000;

export const CLIENT_KEY = 'sk-bench-client-key-000000000000000';
export const MODEL = 'bench-model';
export const PACED_MODEL = 'bench-paced-model';
// Every request carries max_tokens, as a budget-conscious client's would, rather than relying on
// billing.reserve_max_tokens (4096 by default): the budget reservation is then 64 output tokens, close to
// the 8-20 the bench upstream returns, and the TPM limit takes those 64 up front (TPM only counts an
// explicit max_tokens before the call), so both are reserved and then settled to the real figures, as in
// production. All targets get the same body, so the core-only OPT and the upstream see it too.
export const MAX_TOKENS = 64;

/** Starts a bench script pinned to `core` and waits for the `{"port":N}` line it prints when listening. */
async function startPortPrintingScript({ core, scriptName, args, label }) {
  const script = path.join(BENCH_DIR, scriptName);
  const handle = startChild('taskset', ['-c', String(core), process.execPath, script, ...args], {
    cwd: REPO_DIR,
  });
  const line = await waitForLine(handle, (text) => text.startsWith('{"port"'), STARTUP_TIMEOUT_MS, label);
  return { handle, baseUrl: `http://127.0.0.1:${JSON.parse(line).port}/v1` };
}

/** Starts bench/fast-upstream.mjs on `core`; resolves with its handle and base URL. */
export function startUpstream({ core, chunkDelayMs }) {
  const args = ['--chunk-delay-ms', String(chunkDelayMs)];
  return startPortPrintingScript({ core, scriptName: 'fast-upstream.mjs', args, label: 'upstream' });
}

/** Starts bench/bare-relay.mjs (Fastify + undici, no logic) on `core` in front of `upstreamBaseUrl`. */
export function startBareRelay({ core, upstreamBaseUrl }) {
  const args = ['--upstream', upstreamBaseUrl];
  return startPortPrintingScript({ core, scriptName: 'bare-relay.mjs', args, label: 'bare relay' });
}

// What the tenancy-on OPT is configured with: prices for both models, a team and a key that each have a
// budget and RPM/TPM/concurrency limits, so every request is reserved, limited, settled and charged to the
// ledger. The amounts and limits are far above what a run can use (wrk peaks near 10k req/s, i.e. 600k
// requests and under 50M tokens a minute; a request costs 0.0001-0.0002 here), so nothing is ever refused:
// what is measured is the cost of checking, not of refusing. Limits stop at src/config/limit-schema.ts's
// MAX_LIMIT (10^9).
export const TENANCY = {
  currency: 'USD',
  price: { input: 2.4, cached_input: 0.6, output: 9.6 }, // per million tokens, as in opt.example.yaml
  team: {
    name: 'bench-team',
    budget: { amount: 1_000_000_000, period: 'monthly' },
    limits: { rpm: 1_000_000_000, tpm: 1_000_000_000, concurrency: 100_000 },
  },
  key: {
    budget: { amount: 1_000_000_000, period: 'daily' },
    limits: { rpm: 500_000_000, tpm: 500_000_000, concurrency: 50_000 },
  },
  // A per-model limit too, so each request checks three subjects: key, team and model.
  modelLimits: { rpm: 1_000_000_000, tpm: 1_000_000_000, concurrency: 100_000 },
};

const toFlowMapping = (object) =>
  `{ ${Object.entries(object)
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ')} }`;

/** The core-issue configuration (auth and usage recording only) or, with `tenancy`, everything on. */
function toConfigYaml(fastBaseUrl, pacedBaseUrl, tenancy) {
  const channels = `channels:
  - name: bench
    provider: openai-compatible
    base_url: ${fastBaseUrl}
    api_key: sk-bench-upstream-key-0000000000
    models: [${MODEL}]
  - name: bench-paced
    provider: openai-compatible
    base_url: ${pacedBaseUrl}
    api_key: sk-bench-upstream-key-0000000000
    models: [${PACED_MODEL}]
`;
  if (!tenancy) {
    return `${channels}keys:
  - name: bench
    key: ${CLIENT_KEY}
`;
  }
  const { currency, price, team, key, modelLimits } = TENANCY;
  return `${channels}currency: ${currency}
prices:
  ${MODEL}: ${toFlowMapping(price)}
  ${PACED_MODEL}: ${toFlowMapping(price)}
model_limits:
  ${MODEL}: ${toFlowMapping(modelLimits)}
  ${PACED_MODEL}: ${toFlowMapping(modelLimits)}
teams:
  - name: ${team.name}
    budget: ${toFlowMapping(team.budget)}
    limits: ${toFlowMapping(team.limits)}
keys:
  - name: bench
    key: ${CLIENT_KEY}
    team: ${team.name}
    budget: ${toFlowMapping(key.budget)}
    limits: ${toFlowMapping(key.limits)}
`;
}

function findFreePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Polling works whatever the log level, so OPT can run with OPT_LOG_LEVEL=warn as it would in production.
async function waitUntilListening(handle, baseUrl) {
  const deadlineMs = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadlineMs) {
    if (handle.child.exitCode !== null) break;
    try {
      await fetch(`${baseUrl}/models`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } });
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`OPT did not start listening within ${STARTUP_TIMEOUT_MS} ms. Output:\n${handle.output()}`);
}

/**
 * Starts `node bin/opt.js serve` on `core` with a fresh config and data dir under `workDir/name`;
 * `tenancy` turns on prices, a team, budgets and limits (see TENANCY); `nodeFlags` go to node.
 */
export async function startOpt({ core, workDir, name, tenancy, fastBaseUrl, pacedBaseUrl, nodeFlags = [] }) {
  const optDir = path.join(workDir, name);
  await mkdir(optDir);
  const configPath = path.join(optDir, 'opt.yaml');
  const dataDir = path.join(optDir, 'data');
  await writeFile(configPath, toConfigYaml(fastBaseUrl, pacedBaseUrl, tenancy));
  const port = await findFreePort();
  const optArgs = ['serve', '--config', configPath, '--port', String(port), '--data', dataDir];
  const args = [
    '-c',
    String(core),
    process.execPath,
    ...nodeFlags,
    path.join(REPO_DIR, 'bin/opt.js'),
    ...optArgs,
  ];
  const env = { ...process.env, OPT_ADMIN_KEY: 'sk-bench-admin-key-0000000000000000', OPT_LOG_LEVEL: 'warn' };
  const handle = startChild('taskset', args, { cwd: REPO_DIR, env });
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  await waitUntilListening(handle, baseUrl);
  return { handle, baseUrl, dataDir };
}
