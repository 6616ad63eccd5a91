// Starts the fast upstreams and OPT in front of them, each pinned to its core with taskset.
import { writeFile } from 'node:fs/promises';
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

function toConfigYaml(fastBaseUrl, pacedBaseUrl) {
  return `channels:
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
keys:
  - name: bench
    key: ${CLIENT_KEY}
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

/** Starts `node bin/opt.js serve` on `core` with a fresh config and data dir; `nodeFlags` go to node. */
export async function startOpt({ core, workDir, fastBaseUrl, pacedBaseUrl, nodeFlags = [] }) {
  const configPath = path.join(workDir, 'opt.yaml');
  const dataDir = path.join(workDir, 'data');
  await writeFile(configPath, toConfigYaml(fastBaseUrl, pacedBaseUrl));
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
