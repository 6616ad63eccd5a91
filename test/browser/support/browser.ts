import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { FakeOpenAiUpstream } from '../../support/fake-openai-upstream.js';
import { ADMIN_KEY, type ExtraTestYaml, startTestOpt, type TestOpt } from '../../support/start-test-opt.js';

/** Debian's Chromium, installed by `.ci/run`; playwright-core drives it (no downloaded browsers). */
export const CHROMIUM_PATH = process.env.OPT_TEST_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
export const CONSOLE_INDEX = join(REPO_ROOT, 'dist', 'console', 'index.html');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');
/** A laptop screen: the console must fit it. */
export const VIEWPORT = { width: 1280, height: 800 };

const chromiumPresent = existsSync(CHROMIUM_PATH);
if (!chromiumPresent) {
  if (process.env.CI === 'true') {
    throw new Error(
      `Chromium is required for the browser tests under CI but ${CHROMIUM_PATH} is missing (.ci/run installs it).`,
    );
  }
  console.warn(`Skipping browser tests: ${CHROMIUM_PATH} is missing (apt-get install chromium to run them).`);
}

/** `describe` when Chromium is there; skipped with a warning otherwise (and a failure under CI, above). */
export const describeBrowser: typeof describe = chromiumPresent
  ? describe
  : (describe.skip as typeof describe);

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface ConsoleHarness {
  upstream: FakeOpenAiUpstream;
  opt: TestOpt;
  browser: Browser;
  /** `${opt.url}/console` */
  consoleUrl: string;
  /** A fresh browser context (its own session and local storage) and a page in it, at laptop size. */
  newPage(options?: { locale?: string }): Promise<Page>;
  /** Calls the admin API as the test's admin key (or `key`), for setting up data and checking results. */
  admin<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    key?: string,
  ): Promise<{ status: number; body: T }>;
}

/**
 * For one test file: a fake upstream, a real OPT in front of it (serving the built console), and one
 * Chromium. Everything is stopped after the file. The console must be built (`npm run build`).
 */
export function useConsole(options: { yaml?: ExtraTestYaml } = {}): ConsoleHarness {
  const harness = { upstream: new FakeOpenAiUpstream() } as ConsoleHarness;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(CONSOLE_INDEX)) {
      throw new Error(
        `The web console is not built (${CONSOLE_INDEX} is missing). Run \`npm run build\` first.`,
      );
    }
    await harness.upstream.start();
    harness.opt = await startTestOpt({ upstreamUrl: harness.upstream.url, yaml: options.yaml });
    harness.consoleUrl = `${harness.opt.url}/console`;
    harness.browser = await launchBrowser();
    harness.newPage = async (pageOptions = {}) => {
      const context = await harness.browser.newContext({
        viewport: VIEWPORT,
        locale: pageOptions.locale ?? 'en-US',
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      PAGE_PROBLEMS.set(page, problems);
      return page;
    };
    harness.admin = async (method, path, body, key = ADMIN_KEY) => {
      const response = await fetch(`${harness.opt.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as never };
    };
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await harness.browser?.close();
    await harness.opt?.stop();
    await harness.upstream.close();
  });

  return harness;
}

const PAGE_PROBLEMS = new WeakMap<Page, string[]>();

/**
 * Uncaught errors and console errors the page has logged so far (a CSP violation, a React warning, a
 * failed request). A refused request (a wrong key's 401) logs one too, so check this where none is expected.
 */
export function pageProblems(page: Page): string[] {
  return PAGE_PROBLEMS.get(page) ?? [];
}

/** Saves a full-page screenshot to test-artifacts/screenshots/<name>.png (kept by CI as an artifact). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the sign-in form and waits for the shell. */
export async function signIn(page: Page, consoleUrl: string, key: string): Promise<void> {
  await page.goto(`${consoleUrl}/`);
  await page.getByLabel(/admin key|管理密钥/i).fill(key);
  await page.getByRole('button', { name: /sign in|登录/i }).click();
  await page.getByTestId('role-badge').waitFor();
}

// The tests type-check without the DOM library (they run in Node), so page-side code is passed as text.

/** `sessionStorage.getItem(name)` in the page. */
export function sessionItem(page: Page, name: string): Promise<string | null> {
  return page.evaluate<string | null>(`sessionStorage.getItem(${JSON.stringify(name)})`);
}

/** All of the page's localStorage, as JSON text. */
export function localStorageText(page: Page): Promise<string> {
  return page.evaluate<string>('JSON.stringify({ ...localStorage })');
}

/** `<html lang>` of the page. */
export function documentLanguage(page: Page): Promise<string> {
  return page.evaluate<string>('document.documentElement.lang');
}
