export type Environment = Record<string, string | undefined>;

export type InterpolationResult = { ok: true; value: string } | { ok: false; problem: string };

const VARIABLE_REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

/**
 * Expands `${NAME}` and `${NAME:-default}` in one string scalar; `$${` is a literal `${`.
 * Runs on parsed YAML values, never on the raw file, so a secret containing `:`, `#` or quotes cannot change
 * the document's structure. As in the shell, `:-` also applies when the variable is set but empty.
 */
export function interpolateEnv(text: string, env: Environment): InterpolationResult {
  if (!text.includes('$')) return { ok: true, value: text };
  let output = '';
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar === -1) {
      output += text.slice(index);
      break;
    }
    output += text.slice(index, dollar);
    if (text.startsWith('$${', dollar)) {
      output += '${';
      index = dollar + 3;
      continue;
    }
    if (!text.startsWith('${', dollar)) {
      output += '$';
      index = dollar + 1;
      continue;
    }
    const close = text.indexOf('}', dollar + 2);
    if (close === -1) {
      return { ok: false, problem: 'unterminated "${" (write "$${" for a literal "${")' };
    }
    const reference = text.slice(dollar + 2, close);
    const match = VARIABLE_REFERENCE.exec(reference);
    if (match === null) {
      return {
        ok: false,
        problem: `invalid variable reference "\${${reference}}" (expected \${NAME} or \${NAME:-default})`,
      };
    }
    const name = match[1]!;
    const fallback = match[2];
    const value = env[name];
    if (fallback !== undefined) {
      output += value === undefined || value === '' ? fallback : value;
    } else if (value === undefined) {
      return { ok: false, problem: `environment variable ${name} is not set` };
    } else {
      output += value;
    }
    index = close + 1;
  }
  return { ok: true, value: output };
}
