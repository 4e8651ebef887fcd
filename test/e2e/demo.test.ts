/**
 * End to end: the demo checkout as a newcomer meets it after `npm install && npm start` — the real server entry point
 * (demo/server/main.ts) in its own process, in sandbox mode, serving the built script bundle (dist/script, made by
 * `vite build`, which `npm start` and `npm test` run first) — driven in Debian's Chromium by playwright-core.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/check-chromium.mjs';
import { collectProblems, startDemoServer, type DemoServer } from '../helpers/demo-server.js';

let server: DemoServer;
let baseUrl: string;
let browser: Browser;
const problemsByPage = new WeakMap<Page, string[]>();

async function openCheckout(path = '/'): Promise<Page> {
  const page = await browser.newPage();
  problemsByPage.set(page, collectProblems(page));
  await page.goto(`${baseUrl}${path}`);
  return page;
}

function problemsOf(page: Page): string[] {
  return problemsByPage.get(page)!;
}

describe('the demo checkout (npm start) in Chromium', () => {
  before(async () => {
    assert.ok(existsSync('dist/script/coinspaid-terminal.min.js'), 'dist/script is missing: run `npx vite build` (npm test does)');
    server = await startDemoServer();
    baseUrl = server.url;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
    server?.stop();
  });

  it('takes a newcomer from picking a currency through a sandbox payment to "Payment received"', async () => {
    const page = await openCheckout();
    const terminal = page.locator('coinspaid-terminal');

    await page.getByRole('heading', { name: 'Choose how to pay' }).waitFor();
    await page.getByRole('button', { name: /Bitcoin \(BTC\)/ }).click();

    // The address view: the address as text, the fiat price and the crypto amount at the live rate.
    const address = page.locator('coinspaid-terminal [part="address"]');
    await address.waitFor();
    assert.match((await address.textContent()) ?? '', /^bc1[02-9ac-hj-np-z]{20,}$/);
    const amountText = (await page.locator('coinspaid-terminal [part="amount"]').textContent()) ?? '';
    assert.match(amountText, /106\.75/);
    assert.match(amountText, /0\.\d+\s*BTC/);
    assert.equal(await terminal.getAttribute('status'), 'waiting');

    // The sandbox panel "pays" the shown amount; the element follows the stream to confirmed.
    const pay = page.getByRole('button', { name: 'Pay in full' });
    await pay.waitFor();
    assert.equal(await pay.isEnabled(), true);
    await pay.click();
    await page.waitForSelector('coinspaid-terminal[status="not_confirmed"]', { timeout: 10_000 });
    await page.waitForSelector('coinspaid-terminal[status="confirmed"]', { timeout: 15_000 });
    await page.getByRole('heading', { name: 'Payment received' }).waitFor();
    assert.match((await page.locator('.sandbox-panel .log').textContent()) ?? '', /^Sent 0\.\d+ BTC/);
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('shows a cancelled double spend as final, with an explanation', async () => {
    const page = await openCheckout();
    await page.getByRole('button', { name: /Litecoin \(LTC\)/ }).click();
    await page.locator('coinspaid-terminal [part="address"]').waitFor();
    await page.getByRole('button', { name: 'Double spend (cancelled)' }).click();
    await page.waitForSelector('coinspaid-terminal[status="cancelled"]', { timeout: 15_000 });
    await page.getByRole('heading', { name: 'Payment cancelled' }).waitFor();
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('invoice page: the invoice with its fixed BTC amount, paid from the sandbox panel', async () => {
    const page = await openCheckout('/invoice');
    await page.getByRole('heading', { name: /^Northwind order #\d+$/ }).waitFor();
    await page.locator('coinspaid-terminal [part="address"]').waitFor();
    assert.match((await page.locator('coinspaid-terminal [part="amount"]').textContent()) ?? '', /106\.75[\s\S]*0\.\d+\s*BTC/);
    await page.getByRole('button', { name: 'Pay in full' }).click();
    await page.waitForSelector('coinspaid-terminal[status="confirmed"]', { timeout: 15_000 });
    await page.getByRole('heading', { name: 'Payment received' }).waitFor();
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('fixed-rate page: picks €100 from the table, pays the exact amount shown', async () => {
    const page = await openCheckout('/futures');
    await page.getByRole('button', { name: /Bitcoin \(BTC\)/ }).click();
    await page.getByRole('button', { name: /^€100\.00 at 1 BTC = / }).click();
    await page.locator('coinspaid-terminal [part="address"]').waitFor();
    assert.match(
      (await page.locator('coinspaid-terminal').evaluate((el) => el.shadowRoot!.textContent)) ?? '',
      /The shop receives€100\.00/,
    );
    await page.getByRole('button', { name: 'Pay in full' }).click();
    await page.waitForSelector('coinspaid-terminal[status="confirmed"]', { timeout: 15_000 });
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('payout page: refuses a checksum typo in words, then hands the checked address to the page', async () => {
    const page = await openCheckout('/payout');
    const address = page.getByRole('textbox', { name: /address/i });
    await page.getByRole('combobox', { name: /currency/i }).selectOption('ETH');
    await address.fill('0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
    await page.getByRole('button', { name: /save/i }).click();
    await page.waitForSelector('coinspaid-terminal input[aria-invalid="true"]');
    await address.fill('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
    await page.getByRole('button', { name: /save/i }).click();
    await page.locator('.saved dd', { hasText: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' }).waitFor();
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('iframe demo (/iframe): pays through the proxy’s embed page, its events driving the parent page’s sandbox panel', async () => {
    const page = await openCheckout('/iframe');
    const frame = page.frameLocator('iframe[title="Pay with crypto"]');
    await frame.getByRole('button', { name: /Bitcoin \(BTC\)/ }).click();
    const address = (await frame.locator('coinspaid-terminal [part="address"]').textContent()) ?? '';
    assert.match(address, /^bc1[02-9ac-hj-np-z]{20,}$/);
    // coinspaid-address-ready crossed the frame boundary: the parent's sandbox panel knows the address and amount.
    await page.locator('.sandbox-panel .target').filter({ hasText: address }).waitFor();
    await page.getByRole('button', { name: 'Pay in full' }).click();
    await frame.locator('coinspaid-terminal[status="confirmed"]').waitFor({ timeout: 15_000 });
    await frame.getByRole('heading', { name: 'Payment received' }).waitFor();
    await page.locator('.frame-status').filter({ hasText: 'Paid.' }).waitFor();
    // The frame took its content's height: no inner scrolling.
    const height = await page.locator('iframe').evaluate((el) => el.getBoundingClientRect().height);
    const content = await page
      .frames()
      .find((f) => f.url().includes('/coinspaid/embed'))!
      .evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height > 100 && Math.abs(height - content) <= 1, `frame ${height}px, content ${content}px`);
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('serves the checkout under a strict Content-Security-Policy', async () => {
    const response = await fetch(baseUrl);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  /** A page of the demo with its problems collected (page errors, console errors such as CSP violations, 4xx/5xx). */
  async function openDemoApp(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await openCheckout(path);
    return { page, problems: problemsOf(page) };
  }

  it('React SPA (/spa): fetches its token, pays from its sandbox panel and thanks the customer from onCoinspaidPaid', async () => {
    assert.ok(existsSync('demo/spa/dist/index.html'), 'demo/spa/dist is missing: run `npm run build:spa` (npm start and test:e2e do)');
    const { page, problems } = await openDemoApp('/spa');
    await page.getByRole('heading', { name: 'Your order' }).waitFor();
    await page.getByRole('button', { name: /Bitcoin \(BTC\)/ }).click();
    await page.locator('coinspaid-terminal [part="address"]').waitFor();
    assert.equal(await page.locator('coinspaid-terminal').getAttribute('status'), 'waiting');
    // The React sandbox panel follows onCoinspaidAddressReady / onCoinspaidRateUpdated: it pays what is shown.
    await page.getByRole('button', { name: 'Pay in full' }).click();
    await page.waitForSelector('coinspaid-terminal[status="confirmed"]', { timeout: 15_000 });
    await page.getByRole('heading', { name: 'Thank you, your order is paid' }).waitFor();
    assert.match((await page.locator('.thanks').textContent()) ?? '', /received 0\.\d+ BTC \(106\.75\d* EUR\)/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('themes page (/themes): three themed checkouts side by side under the strict CSP', async () => {
    const { page, problems } = await openDemoApp('/themes');
    const addresses = page.locator('coinspaid-terminal [part="address"]');
    await addresses.nth(2).waitFor();
    assert.equal(await addresses.count(), 3);
    // Each merchant's accent reaches the widget through --coinspaid-color-accent alone.
    const accents = await page
      .locator('coinspaid-terminal')
      .evaluateAll((els) => els.map((el) => getComputedStyle(el).getPropertyValue('--coinspaid-color-accent').trim()));
    assert.deepEqual(accents, ['#8a5a14', '#39ff9c', '#000000']);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
