import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as tenancyBilling from './0002-tenancy-billing.js';
import * as channels from './0003-channels.js';
import * as channelApiVersion from './0004-channel-api-version.js';

/** Every migration, keyed by a name that sorts in the order they run. Forward-only: never edit a shipped one. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-tenancy-billing': tenancyBilling,
  '0003-channels': channels,
  '0004-channel-api-version': channelApiVersion,
};
