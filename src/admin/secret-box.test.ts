import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretBox, SecretBoxError, WRONG_KEY_MESSAGE } from './secret-box.js';

const KEY_HEX = 'a1'.repeat(32);

describe('secret box', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'opt-secret-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('round-trips text, with a fresh IV each time, in the v1 format', async () => {
    const box = await loadSecretBox({ secretKey: KEY_HEX, dataDir });
    const secret = '["sk-upstream-ünïcode-1","sk-2"]';
    const first = box.seal(secret);
    const second = box.seal(secret);
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('sk-');
    expect(box.open(first)).toBe(secret);
    expect(box.open(second)).toBe(secret);
    expect(box.open(box.seal(''))).toBe('');
  });

  it('detects altered ciphertext, tag or IV, and refuses text that is not sealed', () => {
    const box = createSecretBox(Buffer.from(KEY_HEX, 'hex'));
    const sealed = box.seal('sk-secret-value');
    const [version, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    for (const altered of [
      [version, iv, tag, flip(ciphertext)],
      [version, iv, flip(tag), ciphertext],
      [version, flip(iv), tag, ciphertext],
    ]) {
      expect(() => box.open(altered.join('.'))).toThrow(WRONG_KEY_MESSAGE);
    }
    for (const bad of [
      '',
      'sk-plain',
      `v2.${iv}.${tag}.${ciphertext}`,
      `v1.${iv}.${tag}`,
      `v1.${iv}.${tag}.${ciphertext}!`,
    ]) {
      expect(() => box.open(bad)).toThrow(SecretBoxError);
    }
  });

  it('fails with a clear message under another key, never showing the value', () => {
    const sealed = createSecretBox(Buffer.from(KEY_HEX, 'hex')).seal('sk-secret-value');
    const other = createSecretBox(randomBytes(32));
    let caught: unknown;
    try {
      other.open(sealed);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretBoxError);
    expect((caught as Error).message).toBe(
      'cannot decrypt channel credentials: OPT_SECRET_KEY differs from the key they were sealed with',
    );
    expect((caught as Error).message).not.toContain(sealed.split('.')[3]);
  });

  it('creates <dataDir>/secret.key once with mode 0600 and reuses it', async () => {
    const nested = path.join(dataDir, 'data');
    const first = await loadSecretBox({ secretKey: null, dataDir: nested });
    const file = path.join(nested, 'secret.key');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);

    const sealed = first.seal('sk-secret-value');
    const again = await loadSecretBox({ secretKey: null, dataDir: nested });
    expect(again.open(sealed)).toBe('sk-secret-value');
    expect(await readFile(file, 'utf8')).toBe(text);
    // The file's key is the one OPT_SECRET_KEY takes, so it can be copied to other instances.
    expect((await loadSecretBox({ secretKey: text.trim(), dataDir })).open(sealed)).toBe('sk-secret-value');

    // Two processes starting at once end up with one key.
    const racing = path.join(dataDir, 'race');
    const boxes = await Promise.all([1, 2, 3].map(() => loadSecretBox({ secretKey: null, dataDir: racing })));
    const sealedByFirst = boxes[0]!.seal('x');
    for (const box of boxes) expect(box.open(sealedByFirst)).toBe('x');
  });

  it('refuses a malformed key file or OPT_SECRET_KEY', async () => {
    await writeFile(path.join(dataDir, 'secret.key'), 'not-a-key\n');
    await expect(loadSecretBox({ secretKey: null, dataDir })).rejects.toThrow(/64 hex characters/);
    await expect(loadSecretBox({ secretKey: 'abc', dataDir })).rejects.toThrow(
      /OPT_SECRET_KEY must be 32 bytes/,
    );
  });
});
