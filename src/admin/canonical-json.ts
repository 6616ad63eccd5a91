/**
 * JSON with object keys sorted, so two values compare equal whatever order their fields were built in
 * (a row mapped from the store and the same settings parsed from YAML).
 */
export function toCanonicalJson(value: unknown): string {
  return JSON.stringify(value, (_name, field: unknown) => {
    if (field === null || typeof field !== 'object' || Array.isArray(field)) return field;
    const object = field as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(object)
        .sort()
        .map((key) => [key, object[key]]),
    );
  });
}
