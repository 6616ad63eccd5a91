// Reads validate enum and JSON columns so a hand-edited or corrupted row fails loudly at the mapping
// instead of somewhere downstream.

export function readEnum<T extends string>(value: string, allowed: readonly T[], column: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`Unexpected value in database column ${column}: ${JSON.stringify(value)}`);
}

/** A JSON array of strings (model ids, IP blocks); null stays null. */
export function readStringArray(value: string | null, column: string): string[] | null {
  if (value === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
  throw new Error(`Unexpected value in database column ${column}: not a JSON array of strings`);
}

export function fromStringArray(values: readonly string[] | null): string | null {
  return values === null ? null : JSON.stringify(values);
}

/** Code-unit order, the same on every platform (unlike localeCompare or a database collation). */
export function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
