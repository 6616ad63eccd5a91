import type { UsageSink } from '../../src/gateway/request-meter.js';
import type { UsageRecord } from '../../src/store/store-types.js';

/** Test double for the batch writer: the sink interface is ours, its only job is to collect. */
export class CollectingSink implements UsageSink {
  readonly records: UsageRecord[] = [];
  enqueue(record: UsageRecord): void {
    this.records.push(record);
  }
}
