import { parseMicros } from '../api/money.js';
import type { TeamMemberRole } from '../store/store-types.js';
import { readName } from './channel-schema.js';
import {
  childField,
  createDuplicateCheck,
  describeValue,
  type Field,
  failAt,
  readList,
  readMapping,
  readNamedList,
  readString,
  requireString,
} from './config-fields.js';
import type { TeamConfig } from './config-types.js';
import {
  readBudget,
  readExpiresAt,
  readLimits,
  readModelAllowList,
  readPromptLogging,
} from './limit-schema.js';

/** 1 = list price, in parts per million. */
export const DEFAULT_PRICE_MULTIPLIER_PPM = 1_000_000;
/** `price_multiplier` may go up to 100 (a 100x mark-up), in parts per million. */
export const MAX_PRICE_MULTIPLIER_PPM = 100 * 1_000_000;

export const TEAM_MEMBER_ROLES: readonly TeamMemberRole[] = ['owner', 'member'];

/** An e-mail address or user name: printable, no spaces, at most the length of an e-mail address. */
const MEMBER_PATTERN = /^[^\s\p{Cc}]{1,254}$/u;

const TEAM_KEYS = [
  'name',
  'models',
  'budget',
  'limits',
  'price_multiplier',
  'expires_at',
  'prompt_logging',
  'members',
] as const;

const MEMBER_KEYS = ['member', 'role'] as const;

export function parseTeams(value: unknown, field: Field, servedModels: ReadonlySet<string>): TeamConfig[] {
  return readNamedList(value, field, 'team', (item, teamField) => parseTeam(item, teamField, servedModels));
}

function parseTeam(value: unknown, field: Field, servedModels: ReadonlySet<string>): TeamConfig {
  const section = readMapping(value, field, TEAM_KEYS);
  const at = (key: (typeof TEAM_KEYS)[number]) => childField(field, key);
  return {
    name: readName(section.name, at('name')),
    models: readModelAllowList(section.models, at('models'), servedModels),
    budget: readBudget(section.budget, at('budget')),
    limits: readLimits(section.limits, at('limits')),
    priceMultiplierPpm: readPriceMultiplier(section.price_multiplier, at('price_multiplier')),
    expiresAtMs: readExpiresAt(section.expires_at, at('expires_at')),
    promptLogging: readPromptLogging(section.prompt_logging, at('prompt_logging')),
    members: readMembers(section.members, at('members')),
  };
}

/** `price_multiplier: 0.9` → 900_000 ppm; exact decimal arithmetic, as for money. */
function readPriceMultiplier(value: unknown, field: Field): number {
  if (value === null || value === undefined) return DEFAULT_PRICE_MULTIPLIER_PPM;
  const shown = typeof value === 'string' ? readString(value, field) : value;
  // Micro-units of 1 are parts per million.
  const ppm = parseMicros(shown);
  if (ppm === null || ppm === 0 || ppm > MAX_PRICE_MULTIPLIER_PPM) {
    failAt(
      field,
      `expected a number greater than 0 and at most 100, with at most 6 decimals, got ${describeValue(shown)}`,
    );
  }
  return ppm;
}

function readMembers(value: unknown, field: Field): TeamConfig['members'] {
  const items = readList(value, field) ?? [];
  const checkMember = createDuplicateCheck();
  return items.map((item, index) => {
    const memberField = childField(field, index);
    const section = readMapping(item, memberField, MEMBER_KEYS);
    const nameField = childField(memberField, 'member');
    const member = requireString(section.member, nameField);
    if (!MEMBER_PATTERN.test(member)) {
      failAt(
        nameField,
        `expected an e-mail address or user name (1 to 254 characters, no spaces), got ${describeValue(member)}`,
      );
    }
    checkMember(
      member,
      index,
      nameField,
      (firstIndex) => `duplicate member ${JSON.stringify(member)} (also members[${firstIndex}])`,
    );
    return { member, role: readRole(section.role, childField(memberField, 'role')) };
  });
}

function readRole(value: unknown, field: Field): TeamMemberRole {
  const role = readString(value, field) ?? 'member';
  const match = TEAM_MEMBER_ROLES.find((known) => known === role);
  if (match === undefined) failAt(field, `expected owner or member, got ${describeValue(role)}`);
  return match;
}
