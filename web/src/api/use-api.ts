import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../app/session';
import type { ApiClient } from './client';

export interface AsyncState<T> {
  /** The latest data; kept while reloading, so tables do not flash empty. */
  data: T | undefined;
  error: Error | null;
  loading: boolean;
  /** Runs the loader again (after a create/edit, or from a Retry button). */
  reload(): void;
}

/** The signed-in session's API client. */
export function useApi(): ApiClient {
  return useSession().api;
}

/**
 * Loads data with the API client when `deps` change: `useApiQuery((api, signal) =>
 * api.get<ListResponse<Key>>('/admin/keys', { limit: 50, cursor }, signal), [cursor])`.
 * A newer load aborts the older one, so a slow answer never overwrites a fresh one.
 * `refreshMs` re-runs it on an interval (live dashboards), without showing the loading state again, and
 * never while the previous load is still running.
 */
export function useApiQuery<T>(
  load: (api: ApiClient, signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  options: { refreshMs?: number; enabled?: boolean } = {},
): AsyncState<T> {
  const api = useApi();
  const [state, setState] = useState<{ data: T | undefined; error: Error | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: options.enabled !== false,
  });
  const [generation, setGeneration] = useState(0);
  // A refresh tick while a load is still running is skipped: a slow server must not get a second copy of
  // the same work every interval (the abandoned request would keep running there).
  const inFlight = useRef(false);
  const loadRef = useRef(load);
  loadRef.current = load;
  const enabled = options.enabled !== false;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload.
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    inFlight.current = true;
    loadRef
      .current(api, controller.signal)
      .then(
        (data) => !controller.signal.aborted && setState({ data, error: null, loading: false }),
        (error: Error) => {
          if (controller.signal.aborted || error.name === 'AbortError') return;
          setState((previous) => ({ data: previous.data, error, loading: false }));
        },
      )
      .finally(() => {
        if (!controller.signal.aborted) inFlight.current = false;
      });
    return () => {
      inFlight.current = false;
      controller.abort();
    };
  }, [api, enabled, generation, ...deps]);

  useEffect(() => {
    if (!options.refreshMs || !enabled) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && !inFlight.current) setGeneration((value) => value + 1);
    }, options.refreshMs);
    return () => clearInterval(timer);
  }, [options.refreshMs, enabled]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}
