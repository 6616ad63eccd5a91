import { normalizeIpRule } from '../api/ip-allow-list.js';
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
import type { KeyConfig, TeamConfig } from './config-types.js';
import {
  readBudget,
  readExpiresAt,
  readLimits,
  readModelAllowList,
  readPromptLogging,
} from './limit-schema.js';

export const MIN_CLIENT_KEY_LENGTH = 20;
export const MAX_CLIENT_KEY_LENGTH = 200;

const KEY_KEYS = [
  'name',
  'team',
  'key',
  'models',
  'budget',
  'limits',
  'expires_at',
  'allow_ips',
  'prompt_logging',
] as const;

/** `teams` are the parsed `teams:` section, by name: a key's team must be one of them. */
export function parseKeys(
  value: unknown,
  field: Field,
  servedModels: ReadonlySet<string>,
  teams: ReadonlyMap<string, TeamConfig>,
): KeyConfig[] {
  const checkKey = createDuplicateCheck();
  return readNamedList(
    value,
    field,
    'key',
    (item, keyField) => parseKey(item, keyField, servedModels, teams),
    (key, keyField, index) => {
      if (key.key === null) return;
      // Never echo the key itself: this message goes to the terminal and to logs.
      checkKey(
        key.key,
        index,
        childField(keyField, 'key'),
        (firstIndex) => `same key as keys[${firstIndex}]; every key must be distinct`,
      );
    },
  );
}

function parseKey(
  value: unknown,
  field: Field,
  servedModels: ReadonlySet<string>,
  teams: ReadonlyMap<string, TeamConfig>,
): KeyConfig {
  const section = readMapping(value, field, KEY_KEYS);
  const at = (key: (typeof KEY_KEYS)[number]) => childField(field, key);
  const name = readName(section.name, at('name'));
  const team = readTeam(section.team, at('team'), teams);
  const key = readString(section.key, at('key'));
  if (key !== null && !isWellFormedClientKey(key)) {
    failAt(
      at('key'),
      `expected "sk-" followed by printable characters without spaces, ${MIN_CLIENT_KEY_LENGTH} to ` +
        `${MAX_CLIENT_KEY_LENGTH} characters in all, or null to generate one`,
    );
  }
  const models = readModelAllowList(section.models, at('models'), servedModels);
  const teamModels = team?.models ?? null;
  if (models !== null && team !== null && teamModels !== null) {
    models.forEach((model, index) => {
      if (!teamModels.includes(model)) {
        failAt(
          childField(at('models'), index),
          `team ${JSON.stringify(team.name)} does not allow model ${JSON.stringify(model)} ` +
            `(a key's models must be among its team's)`,
        );
      }
    });
  }
  return {
    name,
    key,
    models,
    team: team?.name ?? null,
    budget: readBudget(section.budget, at('budget')),
    limits: readLimits(section.limits, at('limits')),
    expiresAtMs: readExpiresAt(section.expires_at, at('expires_at')),
    allowIps: readAllowIps(section.allow_ips, at('allow_ips')),
    promptLogging: readPromptLogging(section.prompt_logging, at('prompt_logging')),
  };
}

function readTeam(value: unknown, field: Field, teams: ReadonlyMap<string, TeamConfig>): TeamConfig | null {
  const name = readString(value, field);
  if (name === null) return null;
  const team = teams.get(name);
  if (team === undefined) failAt(field, `no team named ${JSON.stringify(name)} under teams`);
  return team;
}

/** Rules in canonical text (see src/api/ip-allow-list.ts); two spellings of one rule count as a duplicate. */
function readAllowIps(value: unknown, field: Field): string[] | null {
  const items = readList(value, field);
  if (items === null) return null;
  if (items.length === 0) {
    // As with models, an empty list would refuse every request; omitting it is how to allow any address.
    failAt(field, 'must list at least one address or CIDR block; omit it to allow any address');
  }
  const checkRule = createDuplicateCheck();
  return items.map((item, index) => {
    const itemField = childField(field, index);
    const text = requireString(item, itemField);
    const rule = normalizeIpRule(text);
    if (rule === null) {
      failAt(
        itemField,
        `expected an IPv4 or IPv6 address or CIDR block like 10.0.0.0/8 or 2001:db8::/32, got ${describeValue(text)}`,
      );
    }
    checkRule(
      rule,
      index,
      itemField,
      (firstIndex) => `duplicate rule ${JSON.stringify(rule)} (same as allow_ips[${firstIndex}])`,
    );
    return rule;
  });
}

export function isWellFormedClientKey(key: string): boolean {
  return (
    key.startsWith('sk-') &&
    key.length >= MIN_CLIENT_KEY_LENGTH &&
    key.length <= MAX_CLIENT_KEY_LENGTH &&
    /^[\x21-\x7e]+$/.test(key)
  );
}
