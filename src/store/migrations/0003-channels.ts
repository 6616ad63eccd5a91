import { type Kysely, sql } from 'kysely';

// Written against Kysely<unknown> like 0001 and 0002: frozen in time. Only bigint, integer and text columns.

/**
 * Channels made through the admin API (the YAML's channels are never stored). Credentials are sealed
 * (AES-256-GCM, see src/admin/secret-box.ts): `api_keys_sealed` holds a JSON array of keys and
 * `headers_sealed` a JSON object, since extra headers may carry credentials too.
 */
async function createChannels(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channels')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('base_url', 'text', (column) => column.notNull())
    .addColumn('api_keys_sealed', 'text', (column) => column.notNull())
    .addColumn('headers_sealed', 'text', (column) => column.notNull())
    .addColumn('models', 'text', (column) => column.notNull())
    .addColumn('model_map', 'text', (column) => column.notNull())
    .addColumn('priority', 'integer', (column) => column.notNull())
    .addColumn('weight', 'integer', (column) => column.notNull())
    .addColumn('timeouts', 'text', (column) => column.notNull())
    .addColumn('max_connections', 'integer', (column) => column.notNull())
    .addColumn('disabled_at', 'bigint')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
}

/**
 * Upstream keys an upstream refused (401/403), by channel name and key fingerprint, for YAML and API
 * channels alike: a disabled key stays disabled across restarts and on every instance until an admin
 * enables it. Only disabled keys have a row.
 */
async function createChannelKeyStates(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channel_key_states')
    .addColumn('channel_name', 'text', (column) => column.notNull())
    .addColumn('key_fingerprint', 'text', (column) => column.notNull())
    .addColumn('disabled_at', 'bigint', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('channel_key_states_primary_key', ['channel_name', 'key_fingerprint'])
    .execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await createChannels(db);
  await createChannelKeyStates(db);
  // Bumped by every channel and key-state change; instances poll it to reload their channel catalog.
  await sql`insert into settings (name, value) values ('channels_version', '0')`.execute(db);
  // Upstream attempts of a request (retries and failovers included); rows from before count as one.
  await db.schema
    .alterTable('usage_records')
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(1))
    .execute();
}
