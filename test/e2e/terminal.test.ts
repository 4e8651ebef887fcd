/**
 * End to end, the Payment Terminal demo (/terminal) offline: the real `npm start` server in its own process (the
 * proxy's terminal links open the sandbox's terminal page), in Chromium via playwright-core. The customer follows the
 * link (a new tab) or pays in the frame; the sandbox panel pays the address the terminal shows; the element and the
 * terminal page both reach confirmed, the shop's server is told paid, and the terminal's "Back to the shop" leads to
 * the token's url_back, which names the order.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/check-chromium.mjs';
import { collectProblems, startDemoServer, type DemoServer } from '../helpers/demo-server.js';

let server: DemoServer;
let browser: Browser;

/** The demo's confirmation delay is 6 s, and the terminal page asks every 2 s. */
const CONFIRMED_MS = 20_000;

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems = collectProblems(page);
  await page.goto(`${server.url}${path}`);
  return { page, problems };
}

async function orderOf(page: Page): Promise<string> {
  const id = await page.locator('.told[data-order-id]').getAttribute('data-order-id');
  assert.ok(id, 'the page names its order');
  return id;
}

/** Picks Bitcoin and waits for the element's link (or frame). */
async function chooseBitcoin(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Bitcoin \(BTC\)/ }).click();
  await page.waitForSelector('coinspaid-terminal[status="ready"]');
}

/** The terminal page (a tab or the frame): the address it shows, after checking it waits for the payment. */
async function terminalAddress(terminal: Page | FrameLocator): Promise<string> {
  await terminal.getByRole('heading', { name: 'Pay with BTC' }).waitFor();
  assert.equal(await terminal.locator('#status').getAttribute('data-status'), 'waiting');
  assert.match((await terminal.locator('dd').filter({ hasText: / BTC$/ }).first().textContent()) ?? '', /^0\.\d{8} BTC$/);
  const address = (await terminal.locator('dt:text-is("To address") + dd').textContent()) ?? '';
  assert.match(address, /^bc1[02-9ac-hj-np-z]{20,}$/);
  return address;
}

/** The sandbox panel pays the address the terminal shows; the element, the terminal page and the shop's server agree. */
async function payAndConfirm(page: Page, terminal: Page | FrameLocator, address: string, orderId: string): Promise<void> {
  // The panel learnt the address behind the link from the element's coinspaid-address-ready.
  await page.locator('.sandbox-panel .target').filter({ hasText: address }).waitFor();
  await page.getByRole('button', { name: 'Pay in full' }).click();
  await page.waitForSelector('coinspaid-terminal[status="not_confirmed"]', { timeout: CONFIRMED_MS });
  await page.waitForSelector('coinspaid-terminal[status="confirmed"]', { timeout: CONFIRMED_MS });
  await page.locator('coinspaid-terminal').getByRole('heading', { name: 'Payment received' }).waitFor();
  await terminal.locator('#status[data-status="confirmed"]').filter({ hasText: 'Payment received' }).waitFor({ timeout: CONFIRMED_MS });
  await page
    .locator('.told [data-field="status"]')
    .filter({ hasText: /^paid$/ })
    .waitFor({ timeout: CONFIRMED_MS });
  const told = (await (await fetch(`${server.url}/demo/orders/${orderId}`)).json()) as { settlement: { status: string } | null };
  assert.equal(told.settlement?.status, 'paid');
}

/** Back at url_back, the shop's page names the order and what its server was told. */
async function backAtShop(page: Page, orderId: string): Promise<void> {
  await page.waitForURL(`${server.url}/terminal?back=${orderId}`);
  await page
    .locator('.back-notice')
    .filter({ hasText: `order #${orderId} is paid` })
    .waitFor();
}

describe('the Payment Terminal demo (/terminal) offline, in Chromium', () => {
  before(async () => {
    assert.ok(existsSync('dist/script/coinspaid-terminal.min.js'), 'dist/script is missing: run `npm run build` (npm test does)');
    server = await startDemoServer();
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
    server?.stop();
  });

  it('link: opens the sandbox terminal in a new tab; paid there, both confirm; its way back leads to url_back', async () => {
    const { page, problems } = await open('/terminal');
    const orderId = await orderOf(page);
    assert.equal(await page.locator('.display-switch a[aria-current="page"]').textContent(), 'Link (opens a new tab)');
    await chooseBitcoin(page);
    // Under the link, the element says it waits for the payment.
    await page.locator('coinspaid-terminal [part="status"]').filter({ hasText: 'Waiting for your payment…' }).waitFor();

    const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Pay with crypto' }).click()]);
    const tabProblems = collectProblems(tab);
    await tab.waitForLoadState();
    assert.ok(tab.url().startsWith(`${server.url}/sandbox/terminal/?data=`), tab.url());
    const address = await terminalAddress(tab);

    await payAndConfirm(page, tab, address, orderId);
    await tab.getByRole('link', { name: 'Back to the shop' }).click();
    await backAtShop(tab, orderId);
    assert.deepEqual([...problems, ...tabProblems], []);
    await tab.close();
    await page.close();
  });

  it('frame: pays in the terminal inside the element; both confirm; its way back leaves the frame for url_back', async () => {
    const { page, problems } = await open('/terminal?display=iframe');
    const orderId = await orderOf(page);
    assert.equal(await page.locator('.display-switch a[aria-current="page"]').textContent(), 'In a frame');
    await chooseBitcoin(page);
    assert.equal(await page.getByRole('link', { name: 'Pay with crypto' }).count(), 0, 'a frame, no link');
    const frame = page.frameLocator('coinspaid-terminal iframe[title="CoinsPaid payment terminal"]');
    const address = await terminalAddress(frame);
    // The frame is the terminal's own page (framed with is_iframe, by this shop's origin only).
    const src = (await page.locator('coinspaid-terminal iframe').getAttribute('src')) ?? '';
    assert.ok(src.startsWith(`${server.url}/sandbox/terminal/?data=`), src);

    await payAndConfirm(page, frame, address, orderId);
    // Its "Back to the shop" targets the top window: the whole page goes to url_back, not the frame.
    await frame.getByRole('link', { name: 'Back to the shop' }).click();
    await backAtShop(page, orderId);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('serves /terminal under the strict CSP, framing only this server’s terminal page and CoinsPaid’s', async () => {
    const response = await fetch(`${server.url}/terminal`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, new RegExp(`frame-src ${server.url.replace(/[.]/g, '\\.')} https://terminal\\.coinspaid\\.com;`));
    assert.match(await response.text(), /<coinspaid-terminal\s+mode="terminal"/);
  });
});
