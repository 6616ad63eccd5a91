import { MemoryQuotaStore } from './memory-quota-store.js';
import { describeQuotaStoreConformance } from './quota-store.conformance.js';

describeQuotaStoreConformance('memory', async () => {
  const store = new MemoryQuotaStore();
  return { store, dispose: () => store.close() };
});
