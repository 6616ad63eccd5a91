import { type Kysely, sql } from 'kysely';

// Written against Kysely<unknown>: a migration is frozen in time and must not follow later schema types.
// Only types both dialects understand: bigint (ms timestamps, counters), integer (small ints, 0/1), text.

async function createKeyTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('key_hash', 'text', (column) => column.notNull().unique())
    .addColumn('key_hint', 'text', (column) => column.notNull())
    .addColumn('models', 'text')
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_keys_name_index').on('api_keys').column('name').execute();

  await db.schema
    .createTable('admin_keys')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('key_hash', 'text', (column) => column.notNull().unique())
    .addColumn('key_hint', 'text', (column) => column.notNull())
    .addColumn('role', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('admin_keys_name_index').on('admin_keys').column('name').execute();
}

async function createUsageTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('usage_records')
    .addColumn('request_id', 'text', (column) => column.primaryKey())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('key_id', 'text')
    .addColumn('key_name', 'text')
    .addColumn('endpoint', 'text', (column) => column.notNull())
    .addColumn('model', 'text', (column) => column.notNull())
    .addColumn('served_model', 'text')
    .addColumn('channel', 'text')
    .addColumn('stream', 'integer', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('http_status', 'integer', (column) => column.notNull())
    .addColumn('prompt_tokens', 'bigint', (column) => column.notNull())
    .addColumn('completion_tokens', 'bigint', (column) => column.notNull())
    .addColumn('cached_tokens', 'bigint', (column) => column.notNull())
    .addColumn('reasoning_tokens', 'bigint', (column) => column.notNull())
    .addColumn('total_tokens', 'bigint', (column) => column.notNull())
    .addColumn('usage_source', 'text', (column) => column.notNull())
    .addColumn('latency_ms', 'bigint', (column) => column.notNull())
    .addColumn('ttft_ms', 'bigint')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .execute();
  // Every usage query is "newest first within a time range", optionally for one key or one model.
  await db.schema
    .createIndex('usage_records_created_at_index')
    .on('usage_records')
    .column('created_at')
    .execute();
  await db.schema
    .createIndex('usage_records_key_id_created_at_index')
    .on('usage_records')
    .columns(['key_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('usage_records_model_created_at_index')
    .on('usage_records')
    .columns(['model', 'created_at'])
    .execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await createKeyTables(db);
  await createUsageTable(db);
  await db.schema
    .createTable('settings')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute();
  await sql`insert into settings (name, value) values ('keys_version', '0')`.execute(db);
}
