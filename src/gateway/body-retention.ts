import type { Store } from '../store/store.js';

/**
 * Deletes logged request/response bodies whose retention has ended: at start, then every interval.
 * Off the request path; a failed purge is logged and retried at the next tick.
 */
export function startBodyPurge(options: {
  store: Store;
  intervalMs: number;
  now: () => number;
  log: { info(object: object, message: string): void; warn(object: object, message: string): void };
}): { stop(): void; purge(): Promise<number> } {
  let running: Promise<number> | null = null;
  const purge = (): Promise<number> => {
    running ??= options.store
      .purgeRequestBodies(options.now())
      .then((deleted) => {
        if (deleted > 0) options.log.info({ deleted }, 'purged logged bodies past their retention');
        return deleted;
      })
      .catch((error: unknown) => {
        options.log.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'body purge failed',
        );
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void purge(), options.intervalMs);
  timer.unref();
  void purge();
  return { stop: () => clearInterval(timer), purge };
}
