import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';

describe('openStore', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'opt-open-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the data directory and a WAL-mode SQLite file named opt.db', async () => {
    const dataDir = path.join(root, 'nested', 'data');
    const store = await openStore({ databaseUrl: null, dataDir });
    expect(store.dialect).toBe('sqlite');
    await store.migrate();
    await store.close();
    await store.close();

    const file = path.join(dataDir, 'opt.db');
    expect(existsSync(file)).toBe(true);
    const database = new BetterSqlite3(file, { readonly: true });
    try {
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      database.close();
    }
  });

  it('refuses a URL that is not PostgreSQL without echoing its credentials', async () => {
    const opening = openStore({ databaseUrl: 'mysql://admin:hunter2@db/opt', dataDir: root });
    await expect(opening).rejects.toThrow(/"mysql:"/);
    await expect(opening).rejects.not.toThrow(/hunter2/);
  });
});
