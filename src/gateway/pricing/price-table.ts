import type { PriceRow } from '../../store/store-types.js';

/**
 * Prices by public model id: an immutable snapshot, replaced whole when prices change, so the request
 * path reads it without locks or SQL.
 */
export class PriceTable {
  readonly #byModel: ReadonlyMap<string, PriceRow>;

  constructor(rows: readonly PriceRow[]) {
    // Copies, frozen: a caller mutating its rows later cannot change a snapshot in use.
    this.#byModel = new Map(rows.map((row) => [row.model, Object.freeze({ ...row })]));
  }

  get(model: string): PriceRow | undefined {
    return this.#byModel.get(model);
  }

  get size(): number {
    return this.#byModel.size;
  }
}
