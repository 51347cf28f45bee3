// The status page in a real browser (system Chromium through playwright-core, never downloaded): it loads, its
// numbers equal `ferry status --json`, an action works and is audited, one without the token is refused, and
// nothing is logged to the console (a CSP violation would be). Skipped, saying so, when Chromium is missing.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminTokensFromEnv } from '../../cli/serve/page/index.ts';
import { startPageFixture, type PageFixture } from './fixture.ts';

// The system Chromium; FERRY_TEST_CHROMIUM points at another local binary (never a download).
const CHROMIUM = process.env['FERRY_TEST_CHROMIUM'] ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const TOKEN = 'browser-test-admin-token-0123456789';

let fx: PageFixture | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!present) return;
  fx = await startPageFixture(adminTokensFromEnv({ FERRY_ADMIN_TOKEN: `ana ${TOKEN}` }), 'ferry-browser-');
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

const title = present ? 'status page in Chromium' : `status page in Chromium: SKIPPED, ${CHROMIUM} not found`;
describe.skipIf(!present)(title, () => {
  it('loads, matches ferry status --json, refuses an anonymous action, and audits a signed-in one', async () => {
    if (fx === undefined || browser === undefined) throw new Error('fixture not started');
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    expect((await page.goto(fx.url))?.status()).toBe(200);
    const status = JSON.parse((await fx.ferry('status', '--json')).out) as {
      flow: string;
      backlog: number;
      deadLetters: number;
    }[];
    for (const f of status) {
      const row = page.locator(`tr[data-flow="${f.flow}"]`);
      expect(await row.locator('[data-k="backlog"]').innerText()).toBe(String(f.backlog));
      expect(await row.locator('[data-k="deadLetters"]').innerText()).toBe(String(f.deadLetters));
    }

    // Without the token: no forms are shown, and a POST made anyway is refused.
    expect(await page.locator('button', { hasText: 'pause' }).count()).toBe(0);
    const anon = await page.request.post(`${fx.url}/t/sandbox/flows/vehicles/pause`, {
      form: { why: 'anonymous' },
      headers: { origin: fx.url },
    });
    expect(anon.status()).toBe(403);
    expect(await fx.rt.state.pausedFlow?.('vehicles')).toBeNull();

    await page.fill('input[name="token"]', TOKEN);
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/login')),
      page.click('button:has-text("sign in")'),
    ]);
    await page.waitForSelector('text=signed in as ana');
    await page.goto(`${fx.url}/t/sandbox/flows/vehicles`);
    await page.fill('form[action$="/pause"] input[name="why"]', 'browser test');
    await Promise.all([page.waitForURL(/\/actions$/), page.click('button:has-text("pause")')]);
    const row = page.locator('tr[data-action]').first();
    expect(await row.innerText()).toMatch(/ana\s+pause\s+vehicles\s+browser test\s+done/);
    expect(await fx.rt.state.pausedFlow?.('vehicles')).toMatchObject({ actor: 'ana', why: 'browser test' });

    await page.goto(`${fx.url}/t/sandbox/flows/vehicles`);
    expect(await page.locator('p.note').innerText()).toMatch(/Paused by ana/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
