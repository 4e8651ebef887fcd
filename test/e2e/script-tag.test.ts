/**
 * The single-file builds from a merchant's own page under a strict Content-Security-Policy: the classic IIFE from a
 * plain `<script src>` and the ES module from `<script type="module">`, each loaded twice (a theme and a plugin both
 * adding it), in Chromium. The page is served from the demo server's origin, so the proxy and assets are same-origin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/check-chromium.mjs';
import { DEMO_CSP } from '../../demo/server/pages.js';
import { collectProblems, startDemoServer, type DemoServer } from '../helpers/demo-server.js';

let server: DemoServer;
let browser: Browser;

/** A merchant page at `path` on the demo origin with these script tags, the element, and the demo's strict CSP. */
async function merchantPage(path: string, scripts: string): Promise<{ page: Page; problems: string[] }> {
  const token = ((await (await fetch(`${server.url}/demo/token`, { method: 'POST' })).json()) as { token: string }).token;
  const page = await browser.newPage();
  const problems = collectProblems(page);
  await page.route(`${server.url}${path}`, (route) =>
    route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': DEMO_CSP },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merchant</title><link rel="icon" href="data:,">${scripts}</head>
        <body><main><coinspaid-terminal proxy="/coinspaid" token="${token}" currency="BTC"></coinspaid-terminal></main></body></html>`,
    }),
  );
  await page.goto(`${server.url}${path}`);
  return { page, problems };
}

describe('the script builds on a strict-CSP merchant page', () => {
  before(async () => {
    server = await startDemoServer();
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    server?.stop();
  });

  it('classic <script src> (IIFE), loaded twice: defines the element once and shows the address', async () => {
    const tag = '<script src="/assets/coinspaid-terminal.iife.min.js"></script>';
    const { page, problems } = await merchantPage('/merchant-classic', tag + tag);
    await page.locator('coinspaid-terminal [part="address"]').waitFor();
    assert.match((await page.locator('coinspaid-terminal [part="address"]').textContent()) ?? '', /^bc1/);
    assert.equal(await page.evaluate(() => typeof customElements.get('coinspaid-terminal')), 'function');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('<script type="module">, loaded twice with different URLs: no error, the lazily loaded payment kit (QR encoder) loads under the CSP', async () => {
    const tags =
      '<script type="module" src="/assets/coinspaid-terminal.min.js"></script><script type="module" src="/assets/coinspaid-terminal.min.js?again"></script>';
    const { page, problems } = await merchantPage('/merchant-module', tags);
    await page.locator('coinspaid-terminal [part="qr"] svg path[d^="M"]').waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });
});
