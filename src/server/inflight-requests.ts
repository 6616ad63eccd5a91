interface Abortable {
  abort(reason: unknown): void;
}

/** Tracks in-flight upstream calls so shutdown can wait for them, then abort what outlives the grace period. */
export class InflightRequests {
  private readonly active = new Set<Abortable>();
  private waiters: Array<() => void> = [];

  add(controller: Abortable): () => void {
    this.active.add(controller);
    return () => {
      this.active.delete(controller);
      if (this.active.size === 0) this.notifyIdle();
    };
  }

  get size(): number {
    return this.active.size;
  }

  /** Resolves true when all requests finished within `timeoutMs`, false otherwise. */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.active.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  abortAll(reason: unknown): void {
    for (const controller of this.active) controller.abort(reason);
  }

  private notifyIdle(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const notify of waiters) notify();
  }
}
