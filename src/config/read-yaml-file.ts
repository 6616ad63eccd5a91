import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { ConfigError } from './config-error.js';

/** Anchors and aliases can expand exponentially ("billion laughs"); a config file needs few. */
const MAX_ALIAS_COUNT = 100;

/**
 * Reads one YAML document as plain data (null when the file is empty or only has comments).
 * `displayName` is how error messages name the file.
 */
export function readYamlFile(absolutePath: string, displayName: string): unknown {
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    throw new ConfigError(displayName, '', describeReadError(error), { cause: error });
  }
  const lineCounter = new LineCounter();
  // prettyErrors would quote the offending lines into the message, and they may hold a secret.
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  // Warnings (such as an unknown !tag) are treated as errors: a boot config should mean exactly what it says.
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem !== undefined) {
    const { line, col } = lineCounter.linePos(problem.pos[0]);
    throw new ConfigError(displayName, `line ${line}, column ${col}`, describeYamlError(problem), {
      cause: problem,
    });
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ConfigError(displayName, '', `invalid YAML: ${(error as Error).message}`, { cause: error });
  }
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'config file not found';
  if (code === 'EISDIR') return 'is a directory, not a config file';
  if (code === 'EACCES' || code === 'EPERM') return 'config file is not readable (permission denied)';
  return `cannot read config file: ${(error as Error).message}`;
}

function describeYamlError(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return 'invalid YAML: more than one document (remove the extra "---")';
  return `invalid YAML: ${error.message}`;
}
