/** `GET /admin/usage/summary` (the fields the console reads). */
export interface UsageSummaryRow {
  bucket_start: string;
  group: string | null;
  group_name: string | null;
  requests: number;
  errors: number;
  error_rate: number;
  prompt_tokens: number;
  cached_tokens: number;
  completion_tokens: number;
  cost: string;
  cost_micros: number;
  latency_p50_ms: number | null;
  latency_p99_ms: number | null;
  ttft_p50_ms: number | null;
  ttft_p99_ms: number | null;
}

export interface UsageSummary {
  object: 'usage_summary';
  bucket: SummaryBucket;
  group_by: 'model' | 'key' | 'team' | 'none';
  currency: string;
  data: UsageSummaryRow[];
  totals: {
    requests: number;
    errors: number;
    prompt_tokens: number;
    cached_tokens: number;
    completion_tokens: number;
    cost: string;
    cost_micros: number;
    error_rate: number;
  };
}

export type SummaryBucket = 'minute' | 'hour' | 'day' | 'all';
