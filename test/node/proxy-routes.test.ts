import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cryptoForFiat } from '../../src/core/amount.js';
import type { AddressGrant, InvoiceGrant, RateQuote, WidgetConfig } from '../../src/core/wire.js';
import { decodeTerminalUrl } from '../../src/server/coinspaid/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let token: string;
before(async () => {
  // A manual clock: the rate window of the terminal link and of the test's own /rates request is the same one.
  stack = await startStack({ createLimitPerMinute: 1000, clock: new ManualClock() });
  token = await stack.mintToken({ convert_to: 'EUR', amount: '106.75', amount_currency: 'EUR', url_back: 'https://shop.example/orders/1' });
});
after(() => stack.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, withToken = token) {
  const response = await fetch(`${stack.url}/coinspaid/${path}`, {
    method,
    headers: { Authorization: `Bearer ${withToken}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('proxy routes', () => {
  it('serves the widget configuration with networks, tags and minimums', async () => {
    const { status, json } = await call('GET', 'config');
    assert.equal(status, 200);
    const config = json as unknown as WidgetConfig;
    assert.equal(config.currencies.find((c) => c.currency === 'USDTT')?.network, 'TRON (TRC-20)');
    assert.equal(config.currencies.find((c) => c.currency === 'XRP')?.requires_tag, true);
    assert.ok(config.pairs.every((p) => p.to === 'EUR'));
    assert.ok(config.pairs.find((p) => p.from === 'BTC')?.min_amount_deposit_with_exchange);
    assert.equal(config.checkout.amount, '106.75');
    assert.equal(JSON.stringify(config).includes(stack.apiSecret), false);
  });

  it('values each currency’s minimum deposit in the price’s currency, so one above the price can be shown as unable to pay it', async () => {
    const config = (await call('GET', 'config')).json as unknown as WidgetConfig;
    const doge = config.currencies.find((c) => c.currency === 'DOGE')!;
    const pair = config.pairs.find((p) => p.from === 'DOGE' && p.to === 'EUR')!;
    // DOGE converted to EUR: its minimum is the pair's min_amount_deposit_with_exchange (50 DOGE), about 8 EUR.
    assert.match(doge.minimum_value ?? '', /^\d+\.\d{2}$/);
    assert.ok(
      Number(doge.minimum_value) > 5 && Number(doge.minimum_value) < 12,
      `${doge.minimum_value} for ${pair.min_amount_deposit_with_exchange}`,
    );
    assert.equal(config.currencies.find((c) => c.currency === 'EUR')!.minimum_value, null);
    const unpriced = await stack.mintToken({ foreign_id: 'no-price' });
    const open = (await call('GET', 'config', undefined, {}, unpriced)).json as unknown as WidgetConfig;
    assert.ok(open.currencies.every((c) => c.minimum_value === null));
  });

  it('restricts the configuration to the token’s currencies', async () => {
    const { json } = await call('GET', 'config', undefined, {}, await stack.mintToken({ currencies: ['BTC', 'USDTT'] }));
    const crypto = (json as unknown as WidgetConfig).currencies.filter((c) => c.type === 'crypto').map((c) => c.currency);
    assert.deepEqual(crypto.sort(), ['BTC', 'USDTT']);
  });

  it('takes an address bound to the token’s foreign_id and convert_to, the same one again on reload', async () => {
    const first = (await call('POST', 'addresses', { currency: 'BTC' })).json as unknown as AddressGrant;
    const second = (await call('POST', 'addresses', { currency: 'BTC', convert_to: 'EUR' })).json as unknown as AddressGrant;
    assert.equal(first.address.foreign_id, 'test-customer-1');
    assert.equal(first.address.convert_to, 'EUR');
    assert.equal(second.address.address, first.address.address);
    assert.equal(second.follow.capability, first.follow.capability);
  });

  it('signs a Payment Terminal URL from the token and the customer’s allowed choices', async () => {
    const { status, json } = await call('POST', 'terminal-url', { currency: 'BTC', is_iframe: true });
    assert.equal(status, 200);
    const decoded = decodeTerminalUrl(json['url'] as string, stack.apiSecret);
    assert.equal(decoded.signatureValid, true);
    // The token's price is in EUR: the proxy converts it at this window's rate (rounded up), the page names no amount.
    const rate = (await call('GET', 'rates?from=BTC&to=EUR')).json as unknown as RateQuote;
    assert.deepEqual(decoded.params, {
      client_id: 1042,
      currency: 'BTC',
      amount: cryptoForFiat('106.75', rate.price, 8),
      convert_to: 'EUR',
      is_iframe: true,
      foreign_id: 'test-customer-1',
      url_back: 'https://shop.example/orders/1',
    });
  });

  it('creates an invoice from the token’s invoice claims once, and follows it', async () => {
    const invoiceToken = await stack.mintToken({
      foreign_id: 'invoice-order-9',
      amount: '106.75',
      amount_currency: 'EUR',
      invoice: {
        title: 'Order 9',
        url_success: 'https://shop.example/ok',
        url_failed: 'https://shop.example/failed',
        email_user: 'c@shop.example',
        sender_currency: 'BTC',
      },
    });
    const first = await call('POST', 'invoices', {}, {}, invoiceToken);
    assert.equal(first.status, 201);
    const grant = first.json as unknown as InvoiceGrant;
    assert.equal(grant.invoice.amount, '106.75000000', 'as CoinsPaid answers it, padded');
    assert.equal(grant.invoice.sender_currency, 'BTC');
    assert.ok(grant.invoice.address);
    const again = await call('POST', 'invoices', {}, {}, invoiceToken);
    assert.equal((again.json as unknown as InvoiceGrant).invoice.id, grant.invoice.id);
    assert.equal((await call('POST', 'invoices', { sender_currency: 'ETH' }, {}, invoiceToken)).status, 403);
  });

  it('gets futures rates for the token’s exchange address and confirms one, refusing over 10,000 EUR', async () => {
    const rates = await call('POST', 'futures/rates', { currency: 'BTC' });
    assert.equal(rates.status, 200);
    assert.ok((rates.json['rates'] as Record<string, unknown>)['BTCEUR']);
    const ok = await call('POST', 'futures/confirm', { sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '100' });
    assert.equal(ok.status, 200);
    assert.match(ok.json['sender_amount'] as string, /^0\.\d{8}$/);
    const over = await call('POST', 'futures/confirm', { sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '20000' });
    assert.equal(over.status, 422);
    assert.match((over.json['errors'] as Record<string, string>)['receiver_amount']!, /10000 EUR/);
  });

  it('exposes no withdrawal, exchange or balance route, and answers unknown paths with 404 JSON', async () => {
    for (const path of [
      'withdrawal/crypto',
      'exchange/now',
      'exchange/fixed',
      'accounts/list',
      'balances',
      'api/v2/withdrawal/crypto',
      'nope',
    ]) {
      const { status, json } = await call('POST', path, {});
      assert.equal(status, 404, path);
      assert.equal(json['code'], 'not_found');
    }
  });

  it('never leaks the secret or a stack trace when CoinsPaid fails', async () => {
    await stack.control('faults', { endpoint: 'addresses/take', kind: '5xx', count: 1 });
    const { status, json } = await call('POST', 'addresses', { currency: 'ETH' });
    assert.equal(status, 502);
    assert.equal(json['code'], 'upstream_unavailable');
    assert.equal(JSON.stringify(json).includes(stack.apiSecret), false);
    assert.equal(JSON.stringify(json).includes('at '), false);
  });

  const badBodies: Array<[string, string, unknown, number, string]> = [
    ['POST', 'addresses', {}, 400, 'currency'],
    ['POST', 'addresses', { currency: 42 }, 400, 'currency'],
    ['POST', 'addresses', { currency: 'BTC', admin: true }, 400, 'admin'],
    ['POST', 'addresses', '{"currency":', 400, 'body'],
    ['POST', 'addresses', '[1,2]', 400, 'body'],
    ['POST', 'addresses', { currency: 'EUR' }, 400, 'currency'],
    ['POST', 'addresses', { currency: 'NOPE' }, 400, 'currency'],
    ['POST', 'terminal-url', { currency: 'BTC', amount: 0.1 }, 400, 'amount'],
    ['POST', 'terminal-url', { currency: 'BTC', is_iframe: 'yes' }, 400, 'is_iframe'],
    ['POST', 'terminal-url', { currency: 'BTC', url_back: 'javascript:alert(1)' }, 400, 'url_back'],
    ['POST', 'futures/confirm', { sender_currency: 'BTC', receiver_currency: 'EUR' }, 400, 'receiver_amount'],
    ['POST', 'futures/rates', {}, 400, 'currency'],
    ['POST', 'invoices', { sender_currency: ['BTC'] }, 400, 'sender_currency'],
  ];
  for (const [method, path, body, status, field] of badBodies) {
    it(`${method} ${path} ${typeof body === 'string' ? body : JSON.stringify(body)} → ${status} errors.${field}`, async () => {
      const answer = await call(method, path, body);
      assert.equal(answer.status, status);
      assert.ok((answer.json['errors'] as Record<string, string>)[field], JSON.stringify(answer.json));
    });
  }

  it('refuses a body over the size limit with 413', async () => {
    const { status, json } = await call('POST', 'addresses', { currency: 'BTC', padding: 'x'.repeat(20_000) });
    assert.equal(status, 413);
    assert.equal(json['code'], 'payload_too_large');
  });
});

describe('proxy CORS', () => {
  it('allows an allowed origin, with Vary: Origin', async () => {
    const { headers } = await call('GET', 'config', undefined, { Origin: 'https://shop.example' });
    assert.equal(headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(headers.get('vary') ?? '', /Origin/);
  });

  it('gives a foreign origin no CORS headers and refuses its preflight', async () => {
    const { headers } = await call('GET', 'config', undefined, { Origin: 'https://evil.example' });
    assert.equal(headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${stack.url}/coinspaid/addresses`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 403);
  });

  it('answers an allowed preflight with the methods and headers the widget uses', async () => {
    const preflight = await fetch(`${stack.url}/coinspaid/addresses`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
  });
});

describe('proxy per-IP limits', () => {
  it('limits address creation per IP with 429 and Retry-After', async () => {
    const limited = await startStack({ createLimitPerMinute: 3 });
    try {
      const t = await limited.mintToken();
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${limited.url}/coinspaid/addresses`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${t}`, 'content-type': 'application/json' },
          body: JSON.stringify({ currency: 'BTC' }),
        });
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
      }
      assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
      assert.equal(retryAfter, '60');
    } finally {
      await limited.close();
    }
  });
});
