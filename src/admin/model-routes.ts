import type { BreakerStateName } from './channel-health.js';

/** One way the running gateway serves a public model: a channel and the upstream id it sends. */
export interface ModelRouteTarget {
  channel: string;
  provider: string;
  upstreamModel: string;
  priority: number;
  weight: number;
  /** This instance's breaker for the target. */
  state: BreakerStateName;
}

/** A public model as routed right now: its targets in configuration order, then its fallback models. */
export interface ModelRoutes {
  model: string;
  ownedBy: string;
  targets: ModelRouteTarget[];
  fallbacks: string[];
}
