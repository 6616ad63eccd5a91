import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONSOLE_INDEX } from './support/browser.js';

/** The budget for the JavaScript a first visit loads (entry plus its static imports), gzipped. */
const INITIAL_JS_BUDGET_BYTES = 300 * 1024;

describe('console build', () => {
  it('loads under 300 KB of gzipped JavaScript on a first visit, all from OPT itself', () => {
    if (!existsSync(CONSOLE_INDEX))
      throw new Error('The web console is not built: run `npm run build` first.');
    const html = readFileSync(CONSOLE_INDEX, 'utf8');
    // Entry scripts and module preloads: what the browser fetches before the app can run.
    const scripts = [
      ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+)"/g),
    ].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    let total = 0;
    for (const src of scripts) {
      // No CDN: every asset is served from /console/assets.
      expect(src).toMatch(/^\/console\/assets\/[\w.-]+\.js$/);
      total += gzipSync(readFileSync(join(CONSOLE_INDEX, '..', src.slice('/console/'.length)))).length;
    }
    expect(total).toBeLessThan(INITIAL_JS_BUDGET_BYTES);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
