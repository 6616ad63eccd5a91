import type { BreakerState } from '../channels/channel-types';

/** A price per million tokens (src/admin/billing-views.ts): decimal strings plus `_micros` twins. */
export interface PriceView {
  object: 'price';
  model: string;
  input: string;
  input_micros: number;
  cached_input: string;
  cached_input_micros: number;
  output: string;
  output_micros: number;
  currency: string | null;
  /** `config`: declared in opt.yaml, read-only here. */
  source: 'config' | 'api';
  updated_at: string | null;
}

/** One public model of `GET /admin/models`. */
export interface ModelView {
  id: string;
  owned_by: string;
  routes: {
    channel: string;
    provider: string;
    upstream_model: string;
    priority: number;
    weight: number;
    breaker: BreakerState;
  }[];
  fallbacks: string[];
  price: PriceView | null;
}
