// Reads back what OPT recorded, as proof that usage recording (and, for the tenancy-on OPT, the ledger)
// was on while it was measured. Run after OPT's graceful stop, which flushes the usage batch writer.
import path from 'node:path';
import Database from 'better-sqlite3';

function openDatabase(dataDir) {
  return new Database(path.join(dataDir, 'opt.db'), { readonly: true, fileMustExist: true });
}

/** Rows in usage_records of the SQLite database in `dataDir` (opened read-only, after OPT has stopped). */
export function countUsageRows(dataDir) {
  const database = openDatabase(dataDir);
  try {
    return database.prepare('SELECT COUNT(*) AS count FROM usage_records').get().count;
  } finally {
    database.close();
  }
}

/**
 * Usage rows against ledger charges in `dataDir`: one `charge` entry per usage row with a cost (written in
 * the same batch transaction), each for exactly that row's cost (charges are negative), so the sums match.
 * `consistent` is true only if all of that holds and at least one request was priced.
 */
export function checkLedger(dataDir) {
  const database = openDatabase(dataDir);
  try {
    const usage = database
      .prepare(
        `SELECT COUNT(*) AS rows, COALESCE(SUM(cost_micros > 0), 0) AS pricedRows,
           COALESCE(SUM(cost_micros), 0) AS costMicros, COALESCE(SUM(team_id IS NOT NULL), 0) AS teamRows
         FROM usage_records`,
      )
      .get();
    const charges = database
      .prepare(
        `SELECT COUNT(*) AS entries, COUNT(DISTINCT request_id) AS requests,
           COALESCE(-SUM(amount_micros), 0) AS chargedMicros
         FROM ledger_entries WHERE kind = 'charge'`,
      )
      .get();
    // A charge matches when the usage row of its request exists and cost exactly what it charged.
    const matchedCharges = database
      .prepare(
        `SELECT COUNT(*) AS count FROM ledger_entries AS entry
         JOIN usage_records AS record ON record.request_id = entry.request_id
         WHERE entry.kind = 'charge' AND record.cost_micros > 0 AND entry.amount_micros = -record.cost_micros`,
      )
      .get().count;
    const consistent =
      usage.pricedRows > 0 &&
      charges.entries === usage.pricedRows &&
      charges.requests === charges.entries &&
      matchedCharges === charges.entries &&
      charges.chargedMicros === usage.costMicros;
    return {
      usageRows: usage.rows,
      pricedRows: usage.pricedRows,
      teamRows: usage.teamRows,
      usageCostMicros: usage.costMicros,
      chargeEntries: charges.entries,
      matchedCharges,
      chargedMicros: charges.chargedMicros,
      consistent,
    };
  } finally {
    database.close();
  }
}
