import { BUDGET_PERIOD_HELP, parseBudgetPeriod } from '../api/budget-period.js';
import { InvalidRequestError } from '../api/gateway-error.js';
import { normalizeIpRule } from '../api/ip-allow-list.js';
import { parseMicros } from '../api/money.js';
import { describeValue, isJsonObject, type JsonObject } from '../api/validation-helpers.js';
import type {
  BudgetSetting,
  LimitSettings,
  PromptLoggingSetting,
  TeamMemberRole,
} from '../store/store-types.js';
import {
  readBody,
  readMember,
  readModelId,
  readMoney,
  readName,
  readNested,
  readRole,
  readTime,
} from './json-input-fields.js';
import {
  DEFAULT_PRICE_MULTIPLIER_PPM,
  MAX_ALLOW_IPS,
  MAX_LIMIT,
  MAX_MEMBERS,
  MAX_MODELS,
  MAX_PRICE_MULTIPLIER_PPM,
  MAX_RETENTION_DAYS,
  MIN_LIMIT,
  MIN_RETENTION_DAYS,
} from './tenancy-rules.js';

/**
 * JSON bodies of the team and key endpoints → checked patches. The field names are the YAML config's.
 * An absent field is left as it is; null clears an optional one. Unknown fields are refused, so a typo
 * (`price_multipler`) is an error rather than a silently ignored setting.
 */
export interface TenancyPatch {
  name?: string;
  models?: string[] | null;
  /** Merged into the current budget: `{amount}` alone keeps the period. */
  budget?: BudgetPatch | null;
  /** Merged into the current limits: `{rpm: 10}` keeps tpm and concurrency; null clears all three. */
  limits?: Partial<LimitSettings> | null;
  expiresAtMs?: number | null;
  promptLogging?: PromptLoggingSetting | null;
}

export interface BudgetPatch {
  amountMicros?: number;
  period?: string;
}

export interface TeamPatch extends TenancyPatch {
  /** null resets to the list price (1). */
  priceMultiplierPpm?: number;
  /** Replaces the whole member list. */
  members?: MemberInput[];
}

export interface KeyPatch extends TenancyPatch {
  /** A team name; null detaches the key from its team. */
  team?: string | null;
  allowIps?: string[] | null;
}

export interface MemberInput {
  member: string;
  role: TeamMemberRole;
}

const COMMON_FIELDS = ['name', 'models', 'budget', 'limits', 'expires_at', 'prompt_logging'];
const TEAM_FIELDS = [...COMMON_FIELDS, 'price_multiplier', 'members'];
const KEY_FIELDS = [...COMMON_FIELDS, 'team', 'allow_ips'];
const BUDGET_FIELDS = ['amount', 'period'];
const LIMIT_FIELDS = ['rpm', 'tpm', 'concurrency'] as const;

export function parseTeamBody(body: unknown): TeamPatch {
  const object = readBody(body, TEAM_FIELDS);
  const patch: TeamPatch = parseCommon(object);
  if (object.price_multiplier !== undefined) {
    patch.priceMultiplierPpm =
      object.price_multiplier === null
        ? DEFAULT_PRICE_MULTIPLIER_PPM
        : readMultiplier(object.price_multiplier);
  }
  if (object.members !== undefined) patch.members = readMembers(object.members);
  return patch;
}

export function parseKeyBody(body: unknown): KeyPatch {
  const object = readBody(body, KEY_FIELDS);
  const patch: KeyPatch = parseCommon(object);
  if (object.team !== undefined) patch.team = object.team === null ? null : readName(object.team, 'team');
  if (object.allow_ips !== undefined) patch.allowIps = readAllowIps(object.allow_ips);
  return patch;
}

/** The budget a patch leaves, given the current one. A new budget needs both fields, as in the config. */
export function applyBudgetPatch(
  current: BudgetSetting | null,
  patch: BudgetPatch | null | undefined,
): BudgetSetting | null {
  if (patch === undefined) return current;
  if (patch === null) return null;
  const amountMicros = patch.amountMicros ?? current?.amountMicros;
  if (amountMicros === undefined)
    throw new InvalidRequestError('`budget.amount` is required.', 'budget.amount');
  const period = patch.period ?? current?.period;
  if (period === undefined) {
    throw new InvalidRequestError(`\`budget.period\` is required: ${BUDGET_PERIOD_HELP}.`, 'budget.period');
  }
  return { amountMicros, period };
}

export function applyLimitsPatch(
  current: LimitSettings,
  patch: Partial<LimitSettings> | null | undefined,
): LimitSettings {
  if (patch === undefined) return current;
  if (patch === null) return { rpm: null, tpm: null, concurrency: null };
  return { ...current, ...patch };
}

function parseCommon(object: JsonObject): TenancyPatch {
  const patch: TenancyPatch = {};
  if (object.name !== undefined) patch.name = readName(object.name, 'name');
  if (object.models !== undefined) patch.models = readModels(object.models);
  if (object.budget !== undefined) patch.budget = readBudget(object.budget);
  if (object.limits !== undefined) patch.limits = readLimits(object.limits);
  if (object.expires_at !== undefined) {
    patch.expiresAtMs = object.expires_at === null ? null : readTime(object.expires_at, 'expires_at');
  }
  if (object.prompt_logging !== undefined) patch.promptLogging = readPromptLogging(object.prompt_logging);
  return patch;
}

function readModels(value: unknown): string[] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length > MAX_MODELS) {
    throw new InvalidRequestError(
      `\`models\` must be an array of at most ${MAX_MODELS} model ids, or null for every model.`,
      'models',
    );
  }
  // An empty allow-list would lock everyone out; null is how to allow every model (as in the config).
  if (value.length === 0) {
    throw new InvalidRequestError(
      '`models` must list at least one model; use null for every model.',
      'models',
    );
  }
  const models = value.map((model, index) => readModelId(model, `models[${index}]`));
  return [...new Set(models)];
}

function readBudget(value: unknown): BudgetPatch | null {
  if (value === null) return null;
  if (!isJsonObject(value)) {
    throw new InvalidRequestError('`budget` must be an object {amount, period}, or null.', 'budget');
  }
  const object = readNested(value, BUDGET_FIELDS, 'budget');
  const patch: BudgetPatch = {};
  if (object.amount !== undefined && object.amount !== null) {
    patch.amountMicros = readMoney(object.amount, 'budget.amount');
  }
  if (object.period !== undefined && object.period !== null) {
    if (typeof object.period !== 'string' || parseBudgetPeriod(object.period) === null) {
      throw new InvalidRequestError(`\`budget.period\` must be ${BUDGET_PERIOD_HELP}.`, 'budget.period');
    }
    patch.period = object.period;
  }
  return patch;
}

function readLimits(value: unknown): Partial<LimitSettings> | null {
  if (value === null) return null;
  if (!isJsonObject(value)) {
    throw new InvalidRequestError('`limits` must be an object {rpm, tpm, concurrency}, or null.', 'limits');
  }
  const object = readNested(value, LIMIT_FIELDS, 'limits');
  const patch: Partial<LimitSettings> = {};
  for (const field of LIMIT_FIELDS) {
    const limit = object[field];
    if (limit === undefined) continue;
    if (
      limit !== null &&
      (!Number.isInteger(limit) || (limit as number) < MIN_LIMIT || (limit as number) > MAX_LIMIT)
    ) {
      throw new InvalidRequestError(
        `\`limits.${field}\` must be an integer from ${MIN_LIMIT} to ${MAX_LIMIT}, or null for no limit.`,
        `limits.${field}`,
      );
    }
    patch[field] = limit as number | null;
  }
  return patch;
}

function readPromptLogging(value: unknown): PromptLoggingSetting | null {
  if (value === null) return null;
  if (!isJsonObject(value)) {
    throw new InvalidRequestError(
      '`prompt_logging` must be an object {retention_days}, or null to turn it off.',
      'prompt_logging',
    );
  }
  const days = readNested(value, ['retention_days'], 'prompt_logging').retention_days;
  if (
    !Number.isInteger(days) ||
    (days as number) < MIN_RETENTION_DAYS ||
    (days as number) > MAX_RETENTION_DAYS
  ) {
    throw new InvalidRequestError(
      `\`prompt_logging.retention_days\` must be an integer from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}.`,
      'prompt_logging.retention_days',
    );
  }
  return { retentionDays: days as number };
}

function readMultiplier(value: unknown): number {
  const ppm = parseMicros(value);
  if (ppm === null || ppm <= 0 || ppm > MAX_PRICE_MULTIPLIER_PPM) {
    throw new InvalidRequestError(
      '`price_multiplier` must be a number above 0 and at most 100, with at most 6 decimals.',
      'price_multiplier',
    );
  }
  return ppm;
}

function readMembers(value: unknown): MemberInput[] {
  if (value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_MEMBERS) {
    throw new InvalidRequestError(
      `\`members\` must be an array of at most ${MAX_MEMBERS} {member, role} objects.`,
      'members',
    );
  }
  const seen = new Set<string>();
  return value.map((item, index) => {
    const param = `members[${index}]`;
    if (!isJsonObject(item))
      throw new InvalidRequestError(`\`${param}\` must be an object {member, role}.`, param);
    const object = readNested(item, ['member', 'role'], param);
    const member = readMember(object.member, `${param}.member`);
    if (seen.has(member)) throw new InvalidRequestError(`Duplicate member '${member}'.`, `${param}.member`);
    seen.add(member);
    return { member, role: object.role === undefined ? 'member' : readRole(object.role, `${param}.role`) };
  });
}

function readAllowIps(value: unknown): string[] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ALLOW_IPS) {
    throw new InvalidRequestError(
      `\`allow_ips\` must be an array of 1-${MAX_ALLOW_IPS} addresses or CIDR blocks, or null for any address.`,
      'allow_ips',
    );
  }
  const rules = value.map((item, index) => {
    const rule = typeof item === 'string' && item.length <= 64 ? normalizeIpRule(item.trim()) : null;
    if (rule === null) {
      throw new InvalidRequestError(
        `\`allow_ips[${index}]\` must be an IPv4/IPv6 address or CIDR block, got ${describeValue(item)}.`,
        `allow_ips[${index}]`,
      );
    }
    return rule;
  });
  return [...new Set(rules)];
}
