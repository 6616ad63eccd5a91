import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { AdminKeyRegistry } from '../admin/admin-key-registry.js';
import { ensureAdminKey, type GeneratedKey } from '../admin/bootstrap-keys.js';
import { loadSecretBox } from '../admin/secret-box.js';
import { BODY_PURGE_INTERVAL_MS, toSettingsView } from '../admin/settings-view.js';
import { loadStoredChannels } from '../admin/stored-channels.js';
import { syncConfigTenancy } from '../admin/sync-config-tenancy.js';
import type { OptConfig } from '../config/config-types.js';
import { startBodyPurge } from '../gateway/body-retention.js';
import { createChangeNotifier } from '../gateway/change-notifier.js';
import { ChannelRuntimes } from '../gateway/channel-runtimes.js';
import { ChatGateway } from '../gateway/chat-gateway.js';
import { EmbeddingGateway } from '../gateway/embedding-gateway.js';
import type { FailoverOptions } from '../gateway/failover.js';
import { KeyCache, toQuotaSubject } from '../gateway/key-cache.js';
import { type KeySnapshot, startKeySync } from '../gateway/key-sync.js';
import { LiveCatalog } from '../gateway/live-catalog.js';
import { createGatewayMetrics } from '../gateway/metrics/gateway-metrics.js';
import { PriceTable } from '../gateway/pricing/price-table.js';
import { MemoryQuotaStore } from '../gateway/quota/memory-quota-store.js';
import type { QuotaStore, QuotaSubject } from '../gateway/quota/quota-types.js';
import { connectRedisQuotaStore } from '../gateway/quota/redis-quota-store.js';
import { QuotaGate } from '../gateway/quota-gate.js';
import { BudgetSeeder } from '../gateway/seed-budgets.js';
import { maskSecrets } from '../providers/shared/mask-secrets.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { fingerprintUpstreamKey } from '../store/upstream-key-fingerprint.js';
import { UsageBatchWriter } from '../store/usage-batch-writer.js';
import { buildApp } from './build-app.js';
import { createGatewayAdminRuntime } from './gateway-admin-runtime.js';
import { InflightRequests } from './inflight-requests.js';

export interface StartOptions {
  logger?: Logger;
  /** Where keys generated at first start are printed, once. Defaults to stdout. */
  printGeneratedKey?: (key: GeneratedKey) => void;
  keySyncIntervalMs?: number;
  usageFlushIntervalMs?: number;
  /** The wall clock for budgets, limits, expiry and usage timestamps; tests move it. */
  now?: () => number;
}

export interface RunningOpt {
  url: string;
  port: number;
  app: FastifyInstance;
  store: Store;
  usageWriter: UsageBatchWriter;
  quota: QuotaStore;
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
  const clock = options.now ?? Date.now;
  const startedAtMs = clock();
  const generatedKeys = [
    ...(await ensureAdminKey(store, config.adminKey, startedAtMs)),
    ...(await syncConfigTenancy(store, config, startedAtMs)),
  ];
  const print = options.printGeneratedKey ?? printOnce;
  for (const generated of generatedKeys) print(generated);

  // Breakers, key cooldowns and backoff run on the real clock (tests move `clock` for budgets only).
  const runtimes = new ChannelRuntimes(config.breaker, Date.now);
  const secretBox = await loadSecretBox({ secretKey: config.secretKey, dataDir: config.server.dataDir });
  const configChannelNames = new Set(config.channels.map((channel) => channel.name));
  const channels = new LiveCatalog(
    config.channels,
    {
      version: () => store.getChannelsVersion(),
      async load() {
        const stored = await loadStoredChannels(store, secretBox, { reservedNames: configChannelNames });
        for (const skipped of stored.skipped) log.warn(skipped, 'stored channel not served');
        return stored;
      },
    },
    runtimes,
    config.fallbacks,
    Math.floor(startedAtMs / 1000),
    log,
  );
  await channels.reload();
  channels.start(options.keySyncIntervalMs ?? 1_000);
  const catalog = () => channels.current();
  const usageWriter = new UsageBatchWriter({
    append: (records) => store.appendUsageBatch(records),
    flushIntervalMs: options.usageFlushIntervalMs ?? 200,
    spillPath: join(config.server.dataDir, 'usage-spill.jsonl'),
    logger: log,
  });
  // Before budgets are seeded from the ledger: spilled records carry charges.
  await usageWriter.replaySpill();

  const quota: QuotaStore = config.redisUrl
    ? await connectRedisQuotaStore({ url: config.redisUrl, prefix: config.redisPrefix, logger: log })
    : new MemoryQuotaStore();
  // Other instances reload at once on a change made here (Redis pub/sub); the version polls stay as
  // the safety net. A no-op without Redis.
  const notifier = createChangeNotifier({
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    logger: log,
  });
  const keys = new KeyCache();
  const admins = new AdminKeyRegistry();
  let prices = new PriceTable([]);
  const seeder = new BudgetSeeder(store, quota);
  const applySnapshot = async (snapshot: KeySnapshot) => {
    // Budgets are seeded before their keys can be used: a request counted against an unseeded window
    // would create its state, and seeding (only if absent) would then be skipped.
    const staged = new KeyCache();
    staged.replaceAll(snapshot.apiKeys, snapshot.teams);
    await seeder.seed(staged.budgetSubjects(), clock());
    keys.replaceAll(snapshot.apiKeys, snapshot.teams);
    admins.replaceAll(snapshot.adminKeys);
    prices = new PriceTable(snapshot.prices);
  };
  const keySync = startKeySync({
    store,
    apply: applySnapshot,
    intervalMs: options.keySyncIntervalMs ?? 1_000,
    log,
  });
  await keySync.refresh();
  notifier.onChange((kind) => (kind === 'keys' ? keySync.refresh() : channels.reload()));
  const bodyPurge = startBodyPurge({ store, intervalMs: BODY_PURGE_INTERVAL_MS, now: clock, log });

  const modelSubjects = new Map<string, QuotaSubject>();
  for (const [model, limits] of Object.entries(config.modelLimits)) {
    const subject = toQuotaSubject(`model:${model}`, null, limits);
    if (subject) modelSubjects.set(model, subject);
  }
  const quotaGate = new QuotaGate({
    quota,
    prices: () => prices,
    modelSubjects,
    currency: config.billing.currency,
    reserveMaxTokens: config.billing.reserveMaxTokens,
    tpmCountsCachedTokens: config.billing.tpmCountsCachedTokens,
    now: clock,
    log,
  });
  const runtime = createGatewayAdminRuntime({
    config,
    store,
    keys,
    quota,
    runtimes,
    channels,
    secretBox,
    refreshKeys: () => keySync.refresh(),
    notifier,
  });

  const inflight = new InflightRequests();
  const metrics = createGatewayMetrics({
    isKnownModel: (id) => channels.current().findModel(id) !== undefined,
    onCollectError: (metric, error) => log.warn({ metric, error: String(error) }, 'metrics collector failed'),
  });
  metrics.setQueueDepth(() => usageWriter.pending);
  metrics.setInflight(() => inflight.size);
  metrics.setBreakerStates(function* () {
    for (const runtime of runtimes.all()) {
      for (const [target, breaker] of runtime.breakers()) {
        yield { channel: runtime.config.name, target, state: breaker.state };
      }
    }
  });
  const failover: FailoverOptions = {
    retry: config.retry,
    now: Date.now,
    random: Math.random,
    onAttempt: (channel, outcome, errorCode) =>
      metrics.recordUpstreamAttempt(channel, outcome, errorCode ?? undefined),
    onKeyDisabled(route, lease, reason) {
      const fingerprint = lease.key ? fingerprintUpstreamKey(lease.key) : null;
      log.warn(
        { channel: route.target.channel, key: fingerprint, reason: maskSecrets(reason) },
        'upstream rejected a channel key (401/403): key disabled until an admin enables it',
      );
      if (fingerprint === null) return;
      // Off the request path; every instance picks it up from the bumped channels version.
      store
        .setKeyState(route.target.channel, fingerprint, {
          disabledAtMs: Date.now(),
          reason: maskSecrets(reason),
        })
        .then(() => notifier.publish('channels'))
        .catch((error: unknown) =>
          log.error({ error: String(error) }, 'storing a disabled upstream key failed'),
        );
    },
  };
  let closing: Promise<void> | null = null;
  const app = await buildApp({
    isClosing: () => closing !== null,
    bodyLimitBytes: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    metrics,
    metricsToken: config.metricsToken,
    v1: {
      keys,
      catalog,
      gateway: new ChatGateway(catalog, quotaGate, failover),
      embeddings: new EmbeddingGateway(catalog, quotaGate, failover),
      usage: {
        enqueue(record) {
          metrics.recordUsage(record);
          usageWriter.enqueue(record);
        },
      },
      inflight,
      quota: quotaGate,
      prices: () => prices,
      currency: config.billing.currency,
      now: clock,
      log,
    },
    admin: { admins, store, runtime, now: clock, log, settings: toSettingsView(config) },
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
      console: `${url}/console/`,
      channels: config.channels.length,
      models: channels.knownModels().size,
      store: store.dialect,
      config: config.sourcePath,
    },
    'OPT is listening',
  );
  if (channels.knownModels().size === 0) {
    log.warn(
      { config: config.sourcePath },
      'no channels yet: add them to opt.yaml (see opt.example.yaml, or pass --config) or through POST /admin/channels',
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
      channels.stop();
      bodyPurge.stop();
      await notifier.close();
      await usageWriter.close();
      await quota.close();
      await runtimes.close();
      await store.close();
      log.info({ written: usageWriter.stats.written }, 'OPT stopped; usage flushed');
    })();
    return closing;
  };
  const waitIdle = (timeoutMs: number) => inflight.waitIdle(timeoutMs);
  return { url, port, app, store, usageWriter, quota, generatedKeys, waitIdle, close };
}

function printOnce(generated: GeneratedKey): void {
  const what = generated.kind === 'admin' ? 'Admin key' : `API key for '${generated.name}'`;
  process.stdout.write(`\n${what} (shown once, stored only as a hash):\n  ${generated.key}\n\n`);
}
