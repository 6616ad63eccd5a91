import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { AdminKeyRegistry } from '../admin/admin-key-registry.js';
import { ApiKeyService } from '../admin/api-key-service.js';
import { ensureAdminKey, type GeneratedKey, syncConfigKeys } from '../admin/bootstrap-keys.js';
import type { OptConfig } from '../config/config-types.js';
import { ChatGateway } from '../gateway/chat-gateway.js';
import { KeyCache } from '../gateway/key-cache.js';
import { startKeySync } from '../gateway/key-sync.js';
import { ModelCatalog } from '../gateway/model-catalog.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { UsageBatchWriter } from '../store/usage-batch-writer.js';
import { buildApp } from './build-app.js';
import { InflightRequests } from './inflight-requests.js';

export interface StartOptions {
  logger?: Logger;
  /** Where keys generated at first start are printed, once. Defaults to stdout. */
  printGeneratedKey?: (key: GeneratedKey) => void;
  keySyncIntervalMs?: number;
  usageFlushIntervalMs?: number;
}

export interface RunningOpt {
  url: string;
  port: number;
  app: FastifyInstance;
  store: Store;
  usageWriter: UsageBatchWriter;
  generatedKeys: GeneratedKey[];
  /** Resolves when no request is in flight (every finished request's usage is queued by then). */
  waitIdle(timeoutMs: number): Promise<boolean>;
  /** Graceful stop: refuse new requests, let in-flight ones finish (up to the grace period), flush usage. */
  close(graceMs?: number): Promise<void>;
}

/** Boots one OPT instance: store and migrations, key caches, catalog, usage writer, HTTP server. */
export async function startOpt(config: OptConfig, options: StartOptions = {}): Promise<RunningOpt> {
  const log = options.logger ?? pino({ level: config.server.logLevel, base: undefined });
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.server.dataDir,
    logger: log,
  });
  await store.migrate();
  const now = Date.now();
  const generatedKeys = [
    ...(await ensureAdminKey(store, config.adminKey, now)),
    ...(await syncConfigKeys(store, config.keys, now)),
  ];
  const print = options.printGeneratedKey ?? printOnce;
  for (const generated of generatedKeys) print(generated);

  const keys = new KeyCache();
  const admins = new AdminKeyRegistry();
  const keySync = startKeySync({ store, keys, admins, intervalMs: options.keySyncIntervalMs ?? 1_000, log });
  await keySync.refresh();

  const catalog = new ModelCatalog(config.channels, Math.floor(now / 1000));
  const knownModels = new Set(config.channels.flatMap((channel) => channel.models));
  const usageWriter = new UsageBatchWriter({
    append: (records) => store.appendUsageBatch(records),
    flushIntervalMs: options.usageFlushIntervalMs ?? 200,
    spillPath: join(config.server.dataDir, 'usage-spill.jsonl'),
    logger: log,
  });
  await usageWriter.replaySpill();

  const inflight = new InflightRequests();
  let closing: Promise<void> | null = null;
  const app = await buildApp({
    isClosing: () => closing !== null,
    bodyLimitBytes: config.server.bodyLimitBytes,
    v1: {
      keys,
      catalog: () => catalog,
      gateway: new ChatGateway(() => catalog),
      usage: usageWriter,
      inflight,
      log,
    },
    admin: { admins, apiKeys: new ApiKeyService(store, keys, () => knownModels), store, log },
    health: {
      ready: () =>
        store.ping().then(
          () => true,
          () => false,
        ),
    },
  });
  await app.listen({ host: config.server.host, port: config.server.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const url = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
  log.info(
    {
      url,
      channels: config.channels.length,
      models: knownModels.size,
      store: store.dialect,
      config: config.sourcePath,
    },
    'OPT is listening',
  );
  if (config.channels.length === 0) {
    log.warn(
      { config: config.sourcePath },
      'no channels configured: copy opt.example.yaml to opt.yaml (or pass --config) to serve models',
    );
  }

  const close = (graceMs = config.server.shutdownGraceMs) => {
    closing ??= (async () => {
      log.info(
        { inflight: inflight.size, graceMs },
        'shutting down: no new requests, waiting for in-flight ones',
      );
      const serverClosed = app.close();
      if (!(await inflight.waitIdle(graceMs))) {
        log.warn({ inflight: inflight.size }, 'grace period over: aborting the requests still running');
        inflight.abortAll(new DOMException('The server is shutting down.', 'AbortError'));
        await inflight.waitIdle(5_000);
      }
      app.server.closeAllConnections();
      await serverClosed;
      keySync.stop();
      await usageWriter.close();
      await catalog.close();
      await store.close();
      log.info({ written: usageWriter.stats.written }, 'OPT stopped; usage flushed');
    })();
    return closing;
  };
  const waitIdle = (timeoutMs: number) => inflight.waitIdle(timeoutMs);
  return { url, port, app, store, usageWriter, generatedKeys, waitIdle, close };
}

function printOnce(generated: GeneratedKey): void {
  const what = generated.kind === 'admin' ? 'Admin key' : `API key for '${generated.name}'`;
  process.stdout.write(`\n${what} (shown once, stored only as a hash):\n  ${generated.key}\n\n`);
}
