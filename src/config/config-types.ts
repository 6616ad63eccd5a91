/** The resolved configuration: YAML file + CLI flags + environment, validated once at boot. */

export interface ChannelTimeouts {
  connectMs: number;
  /** Time to the upstream's response headers (slow reasoning models need minutes). */
  firstByteMs: number;
  /** Longest silence allowed between two body chunks. */
  idleMs: number;
  /** Whole-request ceiling. */
  totalMs: number;
}

export interface ChannelConfig {
  name: string;
  provider: 'openai-compatible';
  /** Base URL including the version segment, e.g. https://api.deepseek.com/v1 (no trailing slash). */
  baseUrl: string;
  /** Upstream credential; null for upstreams that need none (a local vLLM, Ollama). */
  apiKey: string | null;
  /** Public model ids this channel serves. */
  models: string[];
  /** Public id -> upstream id; ids not listed are sent as-is. */
  modelMap: Record<string, string>;
  /** Extra headers sent upstream on every call. */
  headers: Record<string, string>;
  timeouts: ChannelTimeouts;
  /** Max pooled keep-alive connections to this upstream. */
  maxConnections: number;
}

export interface KeyConfig {
  name: string;
  /** The full client key; null means "generate one at first start and print it once". */
  key: string | null;
  models: string[] | null;
}

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Largest accepted request body. */
  bodyLimitBytes: number;
  /** How long SIGTERM waits for in-flight requests before aborting them. */
  shutdownGraceMs: number;
  logLevel: string;
}

export interface OptConfig {
  /** Absolute path of the YAML file read, or null when OPT runs on defaults. */
  sourcePath: string | null;
  server: ServerConfig;
  channels: ChannelConfig[];
  keys: KeyConfig[];
  /** From OPT_ADMIN_KEY; null means generate one at first start. */
  adminKey: string | null;
  /** From OPT_DATABASE_URL (postgres://…); null means SQLite in dataDir. */
  databaseUrl: string | null;
}
