import { type Kysely, sql } from 'kysely';
import {
  fromChannelRow,
  fromMutableChannelFields,
  toChannelRow,
  toUpstreamKeyState,
} from './channel-row-mapping.js';
import { compareText } from './column-values.js';
import { CHANNELS_VERSION_SETTING, type Database } from './database-schema.js';
import type { ChannelRow, UpstreamKeyState } from './store-types.js';

// Every channel and key-state mutation bumps channels_version in its own transaction, after its write
// (see the SQLite write-lock note in api-key-queries.ts), so instances polling it never miss a change.

async function bumpChannelsVersion(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable('settings')
    .set({ value: sql<string>`cast(cast(value as bigint) + 1 as text)` })
    .where('name', '=', CHANNELS_VERSION_SETTING)
    .execute();
}

export async function getChannelsVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', CHANNELS_VERSION_SETTING)
    .executeTakeFirst();
  return row === undefined ? 0 : Number(row.value);
}

/** Fails (unique constraint) when the name is taken. */
export async function insertChannel(db: Kysely<Database>, row: ChannelRow): Promise<void> {
  await db.transaction().execute(async (transaction) => {
    await transaction.insertInto('channels').values(fromChannelRow(row)).execute();
    await bumpChannelsVersion(transaction);
  });
}

/**
 * Replaces every field but id and createdAtMs. A rename carries the channel's key states to the new
 * name (replacing any left under it). False when the channel is unknown.
 */
export async function updateChannel(db: Kysely<Database>, row: ChannelRow): Promise<boolean> {
  return db.transaction().execute(async (transaction) => {
    const current = await transaction
      .selectFrom('channels')
      .select('name')
      .where('id', '=', row.id)
      .executeTakeFirst();
    if (current === undefined) return false;
    await transaction
      .updateTable('channels')
      .set(fromMutableChannelFields(row))
      .where('id', '=', row.id)
      .execute();
    if (current.name !== row.name) {
      await transaction.deleteFrom('channel_key_states').where('channel_name', '=', row.name).execute();
      await transaction
        .updateTable('channel_key_states')
        .set({ channel_name: row.name })
        .where('channel_name', '=', current.name)
        .execute();
    }
    await bumpChannelsVersion(transaction);
    return true;
  });
}

/** Hard delete, key states included (usage records keep the channel's name). False when unknown. */
export async function deleteChannel(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (transaction) => {
    const current = await transaction
      .selectFrom('channels')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirst();
    if (current === undefined) return false;
    await transaction.deleteFrom('channels').where('id', '=', id).execute();
    await transaction.deleteFrom('channel_key_states').where('channel_name', '=', current.name).execute();
    await bumpChannelsVersion(transaction);
    return true;
  });
}

export async function findChannelById(db: Kysely<Database>, id: string): Promise<ChannelRow | null> {
  const row = await db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toChannelRow(row);
}

export async function findChannelByName(db: Kysely<Database>, name: string): Promise<ChannelRow | null> {
  const row = await db.selectFrom('channels').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? null : toChannelRow(row);
}

/** Oldest first (then by id). */
export async function listChannels(db: Kysely<Database>): Promise<ChannelRow[]> {
  const rows = await db.selectFrom('channels').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toChannelRow);
}

/** Every disabled upstream key, or those of one channel; by channel name, then fingerprint. */
export async function listKeyStates(db: Kysely<Database>, channelName?: string): Promise<UpstreamKeyState[]> {
  const rows = await db
    .selectFrom('channel_key_states')
    .selectAll()
    .$if(channelName !== undefined, (query) => query.where('channel_name', '=', channelName!))
    .execute();
  // Sorted here: PostgreSQL's collation may order text differently from SQLite's.
  return rows
    .map(toUpstreamKeyState)
    .sort(
      (left, right) =>
        compareText(left.channelName, right.channelName) || compareText(left.fingerprint, right.fingerprint),
    );
}

/** Disables the key (replacing an earlier reason and time), or enables it again with null. */
export async function setKeyState(
  db: Kysely<Database>,
  channelName: string,
  fingerprint: string,
  state: { disabledAtMs: number; reason: string } | null,
): Promise<void> {
  await db.transaction().execute(async (transaction) => {
    if (state === null) {
      const result = await transaction
        .deleteFrom('channel_key_states')
        .where('channel_name', '=', channelName)
        .where('key_fingerprint', '=', fingerprint)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) return;
    } else {
      await transaction
        .insertInto('channel_key_states')
        .values({
          channel_name: channelName,
          key_fingerprint: fingerprint,
          disabled_at: state.disabledAtMs,
          reason: state.reason,
        })
        .onConflict((conflict) =>
          conflict.columns(['channel_name', 'key_fingerprint']).doUpdateSet((expression) => ({
            disabled_at: expression.ref('excluded.disabled_at'),
            reason: expression.ref('excluded.reason'),
          })),
        )
        .execute();
    }
    await bumpChannelsVersion(transaction);
  });
}
