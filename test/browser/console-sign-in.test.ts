import { expect, it } from 'vitest';
import { ADMIN_KEY } from '../support/start-test-opt.js';
import {
  describeBrowser,
  documentLanguage,
  localStorageText,
  pageProblems,
  screenshot,
  sessionItem,
  signIn,
  useConsole,
} from './support/browser.js';

const PAGES = [
  { path: '/', en: 'Dashboard', zh: '仪表盘', shot: 'dashboard' },
  { path: '/keys', en: 'Keys', zh: '密钥', shot: 'keys' },
  { path: '/teams', en: 'Teams', zh: '团队', shot: 'teams' },
  { path: '/channels', en: 'Channels', zh: '渠道', shot: 'channels' },
  { path: '/models', en: 'Models & prices', zh: '模型与价格', shot: 'models' },
  { path: '/logs', en: 'Logs', zh: '日志', shot: 'logs' },
  { path: '/playground', en: 'Playground', zh: '调试台', shot: 'playground' },
  { path: '/audit', en: 'Audit log', zh: '审计日志', shot: 'audit' },
  { path: '/settings', en: 'Settings', zh: '设置', shot: 'settings' },
];

const SESSION_KEY = 'opt.console.adminKey';

describeBrowser('console sign-in and shell', () => {
  const harness = useConsole();

  it('signs in with the admin key, visits every page, switches to Chinese, remembers it, and signs out', async () => {
    const page = await harness.newPage();
    await page.goto(`${harness.consoleUrl}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to OPT');
    await screenshot(page, 'sign-in');

    await signIn(page, harness.consoleUrl, ADMIN_KEY);
    expect(await page.getByTestId('role-badge').textContent()).toBe('admin');
    expect(await sessionItem(page, SESSION_KEY)).toBe(ADMIN_KEY);
    // Never in localStorage: only the language is remembered there.
    expect(await localStorageText(page)).not.toContain(ADMIN_KEY);

    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const entry of PAGES) {
      await nav.getByRole('link', { name: entry.en, exact: true }).click();
      await expect
        .poll(() => new URL(page.url()).pathname)
        .toBe(`/console${entry.path === '/' ? '/' : entry.path}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(entry.en);
      expect(await nav.getByRole('link', { name: entry.en, exact: true }).getAttribute('aria-current')).toBe(
        'page',
      );
      await screenshot(page, `page-${entry.shot}`);
    }

    // A deep link straight to a page is served index.html by OPT and routed by the app.
    await page.goto(`${harness.consoleUrl}/logs`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Logs');

    await page.getByTestId('language-select').selectOption('zh-CN');
    const zhNav = page.getByRole('navigation', { name: '主导航' });
    for (const entry of PAGES) await zhNav.getByRole('link', { name: entry.zh, exact: true }).waitFor();
    expect(await documentLanguage(page)).toBe('zh-CN');
    await screenshot(page, 'logs-zh');

    await page.reload();
    await zhNav.getByRole('link', { name: '仪表盘', exact: true }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('日志');
    expect(await sessionItem(page, SESSION_KEY)).toBe(ADMIN_KEY);

    await page.getByTestId('language-select').selectOption('en');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to OPT');
    expect(await sessionItem(page, SESSION_KEY)).toBeNull();
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to OPT');
    expect(pageProblems(page)).toEqual([]);
  });

  it('refuses a wrong key with a message and keeps nothing', async () => {
    const page = await harness.newPage();
    await page.goto(`${harness.consoleUrl}/`);
    await page.getByLabel('Admin key').fill('sk-not-a-real-admin-key-000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('That key was not accepted. Check it and try again.');
    expect(await sessionItem(page, SESSION_KEY)).toBeNull();
    await screenshot(page, 'sign-in-wrong-key');
  });

  it('shows a viewer key as read-only', async () => {
    const created = await harness.admin<{ key: string }>('POST', '/admin/admin-keys', {
      name: 'console viewer',
      role: 'viewer',
    });
    expect(created.status).toBe(201);
    const page = await harness.newPage();
    await signIn(page, harness.consoleUrl, created.body.key);
    expect(await page.getByTestId('role-badge').textContent()).toBe('viewer');
    await page.getByRole('note').filter({ hasText: 'read-only' }).waitFor();
    await screenshot(page, 'viewer-dashboard');
  });

  it('starts in Chinese when the browser prefers it', async () => {
    const page = await harness.newPage({ locale: 'zh-CN' });
    await page.goto(`${harness.consoleUrl}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('登录 OPT');
  });
});
