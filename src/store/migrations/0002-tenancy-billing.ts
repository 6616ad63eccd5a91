import { type Kysely, sql } from 'kysely';

// Written against Kysely<unknown> like 0001: frozen in time. Only bigint, integer and text columns.
// SQLite's ALTER TABLE adds one column per statement, hence one alterTable() call per column.

async function createTeamTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('models', 'text')
    .addColumn('budget_micros', 'bigint')
    .addColumn('budget_period', 'text')
    .addColumn('rpm', 'integer')
    .addColumn('tpm', 'integer')
    .addColumn('concurrency', 'integer')
    .addColumn('price_multiplier_ppm', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint')
    // Null means prompt logging is off.
    .addColumn('prompt_retention_days', 'integer')
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('disabled_at', 'bigint')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('teams_name_index').on('teams').column('name').execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (column) => column.notNull())
    .addColumn('member', 'text', (column) => column.notNull())
    .addColumn('role', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('team_members_primary_key', ['team_id', 'member'])
    .execute();
}

const API_KEY_COLUMNS: readonly [name: string, type: 'text' | 'bigint' | 'integer'][] = [
  ['team_id', 'text'],
  ['budget_micros', 'bigint'],
  ['budget_period', 'text'],
  ['rpm', 'integer'],
  ['tpm', 'integer'],
  ['concurrency', 'integer'],
  ['expires_at', 'bigint'],
  ['allow_ips', 'text'],
  ['prompt_retention_days', 'integer'],
  ['disabled_at', 'bigint'],
];

async function extendApiKeys(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of API_KEY_COLUMNS) {
    await db.schema.alterTable('api_keys').addColumn(name, type).execute();
  }
  await db.schema
    .alterTable('api_keys')
    .addColumn('updated_at', 'bigint', (column) => column.notNull().defaultTo(0))
    .execute();
  // Keys made before this migration were last changed when they were created.
  await sql`update api_keys set updated_at = created_at`.execute(db);
  await db.schema.createIndex('api_keys_team_id_index').on('api_keys').column('team_id').execute();
}

async function createBillingTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('prices')
    .addColumn('model', 'text', (column) => column.primaryKey())
    .addColumn('input_micros', 'bigint', (column) => column.notNull())
    .addColumn('cached_input_micros', 'bigint', (column) => column.notNull())
    .addColumn('output_micros', 'bigint', (column) => column.notNull())
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('key_id', 'text')
    .addColumn('team_id', 'text')
    // Signed: grants positive, charges negative.
    .addColumn('amount_micros', 'bigint', (column) => column.notNull())
    .addColumn('request_id', 'text')
    .addColumn('model', 'text')
    .addColumn('actor', 'text')
    .addColumn('note', 'text')
    .execute();
  // Spend is read per key or per team over a time window, and listed newest first.
  await db.schema
    .createIndex('ledger_entries_key_id_created_at_index')
    .on('ledger_entries')
    .columns(['key_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('ledger_entries_team_id_created_at_index')
    .on('ledger_entries')
    .columns(['team_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('ledger_entries_created_at_index')
    .on('ledger_entries')
    .column('created_at')
    .execute();
}

async function createAuditLog(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('target_type', 'text', (column) => column.notNull())
    .addColumn('target_id', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('audit_log_created_at_index').on('audit_log').column('created_at').execute();
  await db.schema
    .createIndex('audit_log_target_index')
    .on('audit_log')
    .columns(['target_type', 'target_id'])
    .execute();
}

async function createRequestBodies(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('request_bodies')
    .addColumn('request_id', 'text', (column) => column.primaryKey())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .addColumn('request_body', 'text', (column) => column.notNull())
    .addColumn('response_body', 'text', (column) => column.notNull())
    .execute();
  // The purge deletes by expiry.
  await db.schema
    .createIndex('request_bodies_expires_at_index')
    .on('request_bodies')
    .column('expires_at')
    .execute();
}

async function extendUsageRecords(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('usage_records').addColumn('team_id', 'text').execute();
  await db.schema
    .alterTable('usage_records')
    .addColumn('cost_micros', 'bigint', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('usage_records_team_id_created_at_index')
    .on('usage_records')
    .columns(['team_id', 'created_at'])
    .execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await createTeamTables(db);
  await extendApiKeys(db);
  await createBillingTables(db);
  await createAuditLog(db);
  await createRequestBodies(db);
  await extendUsageRecords(db);
}
