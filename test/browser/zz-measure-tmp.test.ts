import { it } from 'vitest';
import { ADMIN_KEY } from '../support/start-test-opt.js';
import { describeBrowser, signIn, useConsole } from '../browser/support/browser.js';
describeBrowser('m', () => {
  const harness = useConsole();
  it('m', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.consoleUrl, ADMIN_KEY);
    for (const p of ['/channels', '/models', '/settings']) {
      await page.goto(`${harness.consoleUrl}${p}`);
      await page.waitForTimeout(1500);
      const out = await page.evaluate<string>(`(() => { const r = []; for (const el of document.querySelectorAll('*')) { const b = el.getBoundingClientRect(); if (b.right > 1285) r.push(el.tagName + '.' + el.className + ' ' + Math.round(b.left) + '-' + Math.round(b.right)); } return document.documentElement.scrollWidth + ' ' + r.slice(0, 12).join('\\n'); })()`);
      console.log(p, out);
    }
  }, 60000);
});
