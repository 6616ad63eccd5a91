/**
 * A configuration problem found at boot. The message names the source (the YAML file, `environment` or
 * `command line`), the path inside it and what is wrong, e.g. `opt.yaml: channels[0].base_url: expected ...`.
 */
export class ConfigError extends Error {
  /** The file as the user named it, or `environment` / `command line`. */
  readonly source: string;
  /** Path inside the source, e.g. `channels[0].base_url` or `OPT_PORT`; '' when the whole source is at fault. */
  readonly path: string;
  /** What is wrong, without the location. */
  readonly problem: string;

  constructor(source: string, path: string, problem: string, options?: { cause?: unknown }) {
    super(path === '' ? `${source}: ${problem}` : `${source}: ${path}: ${problem}`, options);
    this.name = 'ConfigError';
    this.source = source;
    this.path = path;
    this.problem = problem;
  }
}
