import { GatewayError, InvalidRequestError } from '../api/gateway-error.js';
import type { Store } from '../store/store.js';
import type { ApiKeyRow, RowSource, TeamRow } from '../store/store-types.js';

/** Lookups and ownership rules shared by the admin services. */

export async function requireTeam(store: Store, id: string): Promise<TeamRow> {
  const row = await store.findTeamById(id);
  if (!row) throw new GatewayError('not_found', `No team with id '${id.slice(0, 80)}'.`, { param: 'id' });
  return row;
}

/** A team that may still be changed: not deleted. */
export async function requireLiveTeam(store: Store, id: string): Promise<TeamRow> {
  const row = await requireTeam(store, id);
  if (row.deletedAtMs !== null) throw new GatewayError('conflict', `Team '${row.name}' is deleted.`);
  return row;
}

export async function requireKey(store: Store, id: string): Promise<ApiKeyRow> {
  const row = await store.findApiKeyById(id);
  if (!row) throw new GatewayError('not_found', `No API key with id '${id.slice(0, 80)}'.`, { param: 'id' });
  return row;
}

/** A key that may still be changed: not revoked (a revocation is final). */
export async function requireLiveKey(store: Store, id: string): Promise<ApiKeyRow> {
  const row = await requireKey(store, id);
  if (row.revokedAtMs !== null) throw new GatewayError('conflict', `API key '${row.name}' is revoked.`);
  return row;
}

/** The non-deleted team a key names by `team` (400 when there is none). */
export async function resolveTeamName(store: Store, name: string): Promise<TeamRow> {
  const team = await store.findTeamByName(name);
  if (!team) throw new InvalidRequestError(`No team named '${name}'.`, 'team');
  return team;
}

/**
 * Rows declared in the YAML config are rewritten from it at every start, so an API change would be
 * silently undone: refuse it and say where the change belongs.
 */
export function assertApiOwned(row: { source: RowSource }, what: string): void {
  if (row.source === 'config') {
    throw new GatewayError(
      'conflict',
      `${what} is declared in the config file; edit the config file and restart OPT to change it.`,
    );
  }
}

/** Every model must be served by some channel (unknown when the caller cannot tell: the CLI without channels). */
export function checkServedModels(models: readonly string[] | null, known: ReadonlySet<string> | null): void {
  if (models === null || known === null) return;
  const index = models.findIndex((model) => !known.has(model));
  if (index !== -1) {
    throw new InvalidRequestError(`No channel serves the model '${models[index]!.slice(0, 100)}'.`, 'models');
  }
}

/** A key's models must lie within its team's allow-list (a key without a list inherits the team's). */
export function checkModelsWithinTeam(models: readonly string[] | null, team: TeamRow | null): void {
  if (models === null || team === null || team.models === null) return;
  const allowed = new Set(team.models);
  const index = models.findIndex((model) => !allowed.has(model));
  if (index !== -1) {
    throw new InvalidRequestError(
      `Team '${team.name}' does not allow the model '${models[index]!.slice(0, 100)}'.`,
      'models',
    );
  }
}
