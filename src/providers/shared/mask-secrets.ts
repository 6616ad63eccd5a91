/**
 * Masks anything that looks like a credential before it reaches a log line or a client.
 * Modelled on new-api's MaskSensitiveInfo: key-shaped tokens keep a short prefix and the last 4 chars.
 */
const KEY_PATTERN =
  /\b(?:sk|pk|rk|ak)[-_][A-Za-z0-9._-]{8,}|\b(?:key|token)[-_](?=[A-Za-z0-9._-]*\d)[A-Za-z0-9._-]{16,}/gi;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Long opaque tokens with letters and digits (Google's AIza…, hex secrets) whatever their prefix. */
const OPAQUE_TOKEN = /\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}\b/g;
const BEARER_PATTERN = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const URL_CREDENTIALS = /(\/\/)[^/@\s:]+:[^/@\s]+@/g;
const QUERY_SECRET = /([?&](?:key|api_key|apikey|token|access_token)=)[^&\s"]+/gi;

export function maskSecrets(text: string): string {
  return (
    text
      .replace(BEARER_PATTERN, '$1***')
      .replace(KEY_PATTERN, (match) => maskKey(match))
      // Request ids (UUIDs) stay readable: support needs them, and they grant nothing.
      .replace(OPAQUE_TOKEN, (match) => (UUID.test(match) ? match : maskKey(match)))
      .replace(URL_CREDENTIALS, '$1***@')
      .replace(QUERY_SECRET, '$1***')
  );
}

/** `sk-opt-1234567890abcdef` → `sk-...cdef` */
export function maskKey(key: string): string {
  if (key.length <= 8) return '***';
  const dash = key.indexOf('-');
  const prefix = dash > 0 && dash <= 4 ? key.slice(0, dash + 1) : key.slice(0, 3);
  return `${prefix}...${key.slice(-4)}`;
}
