// Counts the usage rows OPT wrote, as proof that usage recording was on while it was measured.
import path from 'node:path';
import Database from 'better-sqlite3';

/** Rows in usage_records of the SQLite database in `dataDir` (opened read-only, after OPT has stopped). */
export function countUsageRows(dataDir) {
  const database = new Database(path.join(dataDir, 'opt.db'), { readonly: true, fileMustExist: true });
  try {
    return database.prepare('SELECT COUNT(*) AS count FROM usage_records').get().count;
  } finally {
    database.close();
  }
}
