import { randomUUID } from 'node:crypto';

/** `<prefix>_` + 24 random hex characters (96 bits): ids of keys, teams, ledger and audit entries. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}
