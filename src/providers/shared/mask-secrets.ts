/**
 * Masks anything that looks like a credential before it reaches a log line or a client.
 * Modelled on new-api's MaskSensitiveInfo: key-shaped tokens keep a short prefix and the last 4 chars.
 */
const KEY_PATTERN = /\b(sk|pk|rk|ak|key|api|token|bearer)[-_][A-Za-z0-9._-]{8,}/gi;
const BEARER_PATTERN = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const URL_CREDENTIALS = /(\/\/)[^/@\s:]+:[^/@\s]+@/g;
const QUERY_SECRET = /([?&](?:key|api_key|apikey|token|access_token)=)[^&\s"]+/gi;

export function maskSecrets(text: string): string {
  return text
    .replace(BEARER_PATTERN, '$1***')
    .replace(KEY_PATTERN, (match) => maskKey(match))
    .replace(URL_CREDENTIALS, '$1***@')
    .replace(QUERY_SECRET, '$1***');
}

/** `sk-opt-1234567890abcdef` → `sk-...cdef` */
export function maskKey(key: string): string {
  if (key.length <= 8) return '***';
  const dash = key.indexOf('-');
  const prefix = dash > 0 && dash <= 4 ? key.slice(0, dash + 1) : key.slice(0, 3);
  return `${prefix}...${key.slice(-4)}`;
}
