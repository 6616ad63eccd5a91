export interface FieldChange {
  /** Dotted path (`limits.rpm`); arrays are compared whole. */
  path: string;
  before: unknown;
  after: unknown;
  kind: 'added' | 'removed' | 'changed';
}

const MISSING = Symbol('missing');

/**
 * The fields that differ between an entry's before and after views, flattened to dotted paths so a
 * nested change (`limits.rpm`) shows on its own line. A create lists every field as added, a delete as removed.
 */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  walk('', before ?? MISSING, after ?? MISSING, changes);
  return changes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(path: string, before: unknown, after: unknown, changes: FieldChange[]): void {
  const bothRecords =
    (isRecord(before) || before === MISSING) &&
    (isRecord(after) || after === MISSING) &&
    (isRecord(before) || isRecord(after));
  if (bothRecords) {
    const left = isRecord(before) ? before : {};
    const right = isRecord(after) ? after : {};
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    for (const key of keys) {
      walk(
        path ? `${path}.${key}` : key,
        key in left ? left[key] : MISSING,
        key in right ? right[key] : MISSING,
        changes,
      );
    }
    return;
  }
  if (before === MISSING && after === MISSING) return;
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  changes.push({
    path: path || '(value)',
    before: before === MISSING ? undefined : before,
    after: after === MISSING ? undefined : after,
    kind: before === MISSING ? 'added' : after === MISSING ? 'removed' : 'changed',
  });
}
