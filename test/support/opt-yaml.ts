import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import type { OptConfig } from '../../src/config/config-types.js';
import type { Environment } from '../../src/config/interpolate-env.js';
import { type LoadConfigOptions, loadConfig } from '../../src/config/load-config.js';

/** One channel serving qwen3-max-2026-01-23, qwen-plus and m1: what the tenancy config tests' models name. */
export const TENANCY_CHANNELS = `
channels:
  - name: dashscope
    base_url: http://localhost:9000/v1
    models: [qwen3-max-2026-01-23, qwen-plus, m1]
`;

export type OptYamlLoader = (
  yaml: string,
  env?: Environment,
  options?: Partial<LoadConfigOptions>,
) => OptConfig;

/**
 * A loader of `yaml` as ./opt.yaml (or `options.configPath`) of a fresh working directory, so messages
 * start with "opt.yaml: "; the directories are removed after the enclosing suite.
 */
export function useOptYamlLoader(): OptYamlLoader {
  const directories: string[] = [];
  afterAll(() => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });
  return (yaml, env = {}, options = {}) => {
    const cwd = mkdtempSync(join(tmpdir(), 'opt-config-'));
    directories.push(cwd);
    writeFileSync(join(cwd, options.configPath ?? 'opt.yaml'), yaml);
    return loadConfig({ ...options, cwd, env });
  };
}

/** The ConfigError `action` throws; fails the test when it throws something else or nothing. */
export function captureConfigError(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

export function configErrorMessage(action: () => unknown): string {
  return captureConfigError(action).message;
}
