import { GatewayError } from '../api/gateway-error.js';
import type { Store } from '../store/store.js';
import type { PriceRow } from '../store/store-types.js';
import { assertApiOwned } from './admin-lookups.js';
import type { AdminRuntime } from './admin-runtime.js';
import { type AdminActor, type AdminChangeRecorder, adminChangeRecorder } from './audit-recorder.js';
import { type PriceView, toPriceView } from './billing-views.js';
import { readBody, readModelId, readMoney } from './json-input-fields.js';

const PRICE_FIELDS = ['input', 'cached_input', 'output'];

/** Model prices per million tokens; the gateway prices every request from them (times the team's multiplier). */
export class PriceService {
  private readonly audit: AdminChangeRecorder;

  constructor(
    private readonly store: Store,
    private readonly runtime: AdminRuntime,
  ) {
    this.audit = adminChangeRecorder(store, runtime, 'price');
  }

  async list(): Promise<PriceView[]> {
    return (await this.store.listPrices()).map((row) => toPriceView(row, this.runtime.currency));
  }

  /** `{input, cached_input?, output}`; cached input defaults to the input price, as in the config. */
  async put(model: string, body: unknown, actor: AdminActor, nowMs: number): Promise<PriceView> {
    // As in the config, a price may name a model no channel serves yet: it is only looked up.
    readModelId(model, 'model');
    const object = readBody(body, PRICE_FIELDS);
    const inputMicros = readMoney(object.input, 'input');
    const cachedInputMicros =
      object.cached_input === undefined || object.cached_input === null
        ? inputMicros
        : readMoney(object.cached_input, 'cached_input');
    const outputMicros = readMoney(object.output, 'output');
    const existing = await this.find(model);
    if (existing) assertApiOwned(existing, `The price of '${model}'`);
    const row: PriceRow = {
      model,
      inputMicros,
      cachedInputMicros,
      outputMicros,
      source: 'api',
      updatedAtMs: nowMs,
    };
    await this.store.upsertPrice(row);
    const after = toPriceView(row, this.runtime.currency);
    const before = existing ? toPriceView(existing, this.runtime.currency) : null;
    await this.audit(actor, 'price.put', model, before, after, nowMs);
    return after;
  }

  async delete(model: string, actor: AdminActor, nowMs: number): Promise<PriceView> {
    const existing = await this.find(model);
    if (!existing) {
      throw new GatewayError('not_found', `No price for the model '${model.slice(0, 100)}'.`, {
        param: 'model',
      });
    }
    assertApiOwned(existing, `The price of '${model}'`);
    await this.store.deletePrice(model);
    const before = toPriceView(existing, this.runtime.currency);
    await this.audit(actor, 'price.delete', model, before, null, nowMs);
    return before;
  }

  private async find(model: string): Promise<PriceRow | null> {
    return (await this.store.listPrices()).find((row) => row.model === model) ?? null;
  }
}
