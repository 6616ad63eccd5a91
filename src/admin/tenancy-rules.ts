/**
 * The limits on team and key fields for the admin API. Where the YAML config (src/config) already has a
 * rule, it is imported from there so that a setting valid in one place is valid in the other.
 */
import { MAX_LIMIT, MAX_RETENTION_DAYS } from '../config/limit-schema.js';
import {
  DEFAULT_PRICE_MULTIPLIER_PPM,
  MAX_PRICE_MULTIPLIER_PPM,
  TEAM_MEMBER_ROLES,
} from '../config/team-schema.js';

export {
  DEFAULT_PRICE_MULTIPLIER_PPM,
  MAX_LIMIT,
  MAX_PRICE_MULTIPLIER_PPM,
  MAX_RETENTION_DAYS,
  TEAM_MEMBER_ROLES,
};

/**
 * Names given through the API (the config's are a stricter subset: a-z A-Z 0-9 _ . -). They show up in the
 * console, CSV exports and log lines, so they stay printable and short.
 */
export const TENANCY_NAME_PATTERN = /^[\p{L}\p{N} _.@:-]{1,64}$/u;
export const TENANCY_NAME_HELP = '1-64 letters, digits, spaces or _.@:- characters';

/** Team members are user identities (an e-mail address or user name); the same rule as the config's. */
export const MEMBER_PATTERN = /^[^\s\p{Cc}]{1,254}$/u;
export const MEMBER_HELP = 'an e-mail address or user name (1-254 characters, no spaces)';

export const MIN_LIMIT = 1;
export const MIN_RETENTION_DAYS = 1;

/** Bounds on list fields so one request cannot make the store or a view enormous. */
export const MAX_MODELS = 1_000;
export const MAX_ALLOW_IPS = 1_000;
export const MAX_MEMBERS = 1_000;
export const MAX_MODEL_ID_LENGTH = 256;
export const MAX_NOTE_LENGTH = 500;
