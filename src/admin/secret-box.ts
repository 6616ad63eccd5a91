import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Seals upstream credentials at rest with AES-256-GCM: a random 12-byte IV per seal, the 16-byte tag
 * checked on open. Sealed text is `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  /** Throws SecretBoxError when the text was sealed under another key, altered, or is not sealed text. */
  open(sealed: string): string;
}

/** A sealed value cannot be opened. The message never contains the value, sealed or not. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export const WRONG_KEY_MESSAGE =
  'cannot decrypt channel credentials: OPT_SECRET_KEY differs from the key they were sealed with';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
export const SECRET_KEY_FILE = 'secret.key';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES)
    throw new Error(`A secret box key must be ${KEY_BYTES} bytes, got ${key.length}.`);
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, ciphertext].map(toPart).join('.');
    },
    open(sealed) {
      const parts = sealed.split('.');
      const [version, iv, tag, ciphertext] = parts.map((part, index) =>
        index === 0 ? part : fromPart(part),
      );
      if (
        parts.length !== 4 ||
        version !== VERSION ||
        !(iv instanceof Buffer && iv.length === IV_BYTES) ||
        !(tag instanceof Buffer && tag.length === TAG_BYTES) ||
        !(ciphertext instanceof Buffer)
      ) {
        throw new SecretBoxError(
          `cannot decrypt channel credentials: the stored value is not ${VERSION} sealed text`,
        );
      }
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        // GCM cannot tell a wrong key from altered text; a wrong key is by far the likelier.
        throw new SecretBoxError(WRONG_KEY_MESSAGE);
      }
    },
  };
}

export interface SecretBoxOptions {
  /** OPT_SECRET_KEY as 64 hex characters; null means the key in `<dataDir>/secret.key`. */
  secretKey: string | null;
  dataDir: string;
}

/**
 * The box for OPT_SECRET_KEY or, without it, for a key generated once into `<dataDir>/secret.key`
 * (mode 0600, 64 hex characters, so it can be copied into OPT_SECRET_KEY of other instances).
 */
export async function loadSecretBox(options: SecretBoxOptions): Promise<SecretBox> {
  if (options.secretKey !== null) return createSecretBox(parseHexKey(options.secretKey, 'OPT_SECRET_KEY'));
  return createSecretBox(await readOrCreateKeyFile(options.dataDir));
}

function parseHexKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (!HEX_KEY.test(trimmed)) {
    throw new Error(`${source} must be ${KEY_BYTES} bytes as 64 hex characters (openssl rand -hex 32).`);
  }
  return Buffer.from(trimmed, 'hex');
}

/**
 * Reads the key file, or creates it. The key is written to a private temporary file and linked into
 * place, so two processes starting at once never read a half-written key: the second link fails and
 * that process reads the first one's key.
 */
async function readOrCreateKeyFile(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== null) return existing;
  await mkdir(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  const created = await readKeyFile(file);
  if (created === null) throw new Error(`${file} vanished while it was being created.`);
  return created;
}

async function readKeyFile(file: string): Promise<Buffer | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseHexKey(text, file);
}

function toPart(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}

/** Null for text that is not canonical base64url (Buffer.from would skip the bad characters). */
function fromPart(part: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return null;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : null;
}
