import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64urlnopad } from '@scure/base';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { TerminalParams } from '../../src/core/api-types.js';
import { buildTerminalUrl, signPayload } from '../../src/server/coinspaid/index.js';
import { apiSecret, dataOf } from '../helpers/sandbox-client.js';
import { useSandbox } from '../helpers/use-sandbox.js';

/** The sandbox's Payment Terminal page over HTTP: the links the proxy signs open on it, and nothing else does. */

const s = useSandbox({ terminalClientId: 1042, terminalFrameAncestors: ['https://shop.example'], confirmationDelayMs: 10_000 });

function link(params: Partial<TerminalParams> & Record<string, unknown> = {}, secret = apiSecret): string {
  return buildTerminalUrl({
    apiSecret: secret,
    baseUrl: `${s.url}/terminal/`,
    params: { client_id: 1042, currency: 'BTC', foreign_id: 'terminal-customer', ...params } as TerminalParams,
  });
}

/** A link built by hand: `json` signed (or, with `alter`, the data changed after signing). */
function signed(params: Record<string, unknown>, alter?: string): string {
  const json = JSON.stringify(params);
  const data = alter ? JSON.stringify({ ...params, foreign_id: `${String(params['foreign_id'])}${alter}` }) : json;
  return `${s.url}/terminal/?data=${encodeURIComponent(Buffer.from(data).toString('base64'))}&signature=${signPayload(apiSecret, json)}`;
}

async function open(url: string) {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, html: await response.text() };
}

const take = async (body: Record<string, unknown>) =>
  dataOf<{ address: string; tag: string | null }>(await s.api('addresses/take', body), 201);

describe('sandbox Payment Terminal page', () => {
  it('shows the address addresses/take gives for the same foreign_id, currency and convert_to, with the amount and its QR', async () => {
    const page = await open(
      link({ amount: '0.0125', convert_to: 'EUR', url_back: 'https://shop.example/orders/7', foreign_id: 'terminal-customer' }),
    );
    assert.equal(page.status, 200);
    const { address } = await take({ foreign_id: 'terminal-customer', currency: 'BTC', convert_to: 'EUR' });
    assert.ok(page.html.includes(address), 'the same address as addresses/take');
    assert.match(page.html, /0\.01250000 BTC/);
    assert.match(page.html, /The shop receives about<\/dt><dd>\d+\.\d{8} EUR/);
    assert.match(page.html, /<svg class="qr"[^>]*>.*<path d="M/s);
    assert.match(page.html, /<a href="https:\/\/shop\.example\/orders\/7" target="_top">Back to the shop<\/a>/);
    assert.match(page.html, /<script src="terminal\.js" defer><\/script>/);
    assert.doesNotMatch(page.html, /<script>/, 'no inline script');
  });

  it('shows a tagged currency’s destination tag with its warning', async () => {
    const page = await open(link({ currency: 'XRP', foreign_id: 'terminal-xrp' }));
    const { address, tag } = await take({ foreign_id: 'terminal-xrp', currency: 'XRP' });
    assert.ok(page.html.includes(address));
    assert.ok(tag && page.html.includes(`<dd>${tag}</dd>`));
    assert.match(page.html, /destination tag with your payment/);
  });

  it('opens a link whose data is in URL-safe base64, as another client builds it', async () => {
    const json = JSON.stringify({ client_id: 1042, currency: 'BTC', foreign_id: 111 });
    const url = `${s.url}/terminal/?data=${base64urlnopad.encode(utf8ToBytes(json))}&signature=${signPayload(apiSecret, json)}`;
    assert.equal((await open(url)).status, 200);
  });

  const refusals: Array<[string, () => string, number, RegExp]> = [
    [
      'a link whose data was altered',
      () => signed({ client_id: 1042, currency: 'BTC', foreign_id: 'someone-else' }, 'x'),
      403,
      /not valid/,
    ],
    ['a link signed with another secret', () => link({}, 'not-the-secret'), 403, /signature does not match/],
    ['a link without a signature', () => link().replace(/&signature=[^&]+/, ''), 400, /incomplete/],
    ['a link for another merchant', () => link({ client_id: 7 }), 403, /client_id 7/],
    ['a link without a currency', () => signed({ client_id: 1042, foreign_id: 'terminal-customer' }), 400, /currency/],
    ['a link for a currency the terminal does not take', () => link({ currency: 'EUR' }), 400, /cannot be paid here/],
    ['a link with data that is not base64 JSON', () => `${s.url}/terminal/?data=%%%&signature=00`, 400, /damaged/],
  ];
  for (const [what, url, status, message] of refusals) {
    it(`refuses ${what} with an error page, never a payment screen`, async () => {
      const page = await open(url());
      assert.equal(page.status, status, page.html);
      assert.match(page.html, message);
      assert.doesNotMatch(page.html, /To address|class="qr"|Open in wallet/);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    });
  }

  it('may be framed by the merchant’s origins when the link says is_iframe, and by nobody otherwise', async () => {
    const framed = await open(link({ is_iframe: true }));
    assert.match(framed.headers.get('content-security-policy') ?? '', /frame-ancestors https:\/\/shop\.example$/);
    assert.equal(framed.headers.get('x-frame-options'), null);
    const plain = await open(link({ is_iframe: false }));
    assert.match(plain.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(plain.headers.get('x-frame-options'), 'DENY');
  });

  it('reports the live status of payments to the address: waiting, seen, confirmed', async () => {
    const url = link({ foreign_id: 'terminal-pay' });
    const status = async () =>
      (await (await fetch(url.replace('/terminal/?', '/terminal/status?'))).json()) as { status: string; address: string };
    const before = await status();
    assert.equal(before.status, 'waiting');
    await s.control('deposits', { address: before.address, amount: '0.001', outcome: 'confirmed' });
    assert.equal((await status()).status, 'not_confirmed');
    // The page as served says so too, in the words its script uses.
    assert.match((await open(url)).html, /data-status="not_confirmed">Payment seen on the network/);
    s.clock.advance(10_000);
    assert.equal((await status()).status, 'confirmed');
    assert.match((await open(url)).html, /data-status="confirmed">Payment received/);
    const script = await fetch(`${s.url}/terminal/terminal.js`);
    assert.match(script.headers.get('content-type') ?? '', /text\/javascript/);
  });
});
