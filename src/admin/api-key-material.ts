import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new client key: `sk-opt-` + 40 base62 characters (~238 bits). Shown once, stored as a hash. */
export function generateApiKey(prefix = 'sk-opt-'): string {
  const bytes = randomBytes(40);
  let body = '';
  // 256 % 62 bias is negligible for a 238-bit secret; rejection sampling would add nothing useful.
  for (const byte of bytes) body += ALPHABET[byte % ALPHABET.length];
  return prefix + body;
}

/** What may be shown and logged in place of a key: its family prefix and last four characters. */
export function toKeyHint(key: string): string {
  const prefix = key.startsWith('sk-opt-') ? 'sk-opt-' : key.startsWith('sk-') ? 'sk-' : '';
  return `${prefix}...${key.slice(-4)}`;
}
