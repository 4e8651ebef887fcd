import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cryptoForFiat } from '../../src/core/amount.js';
import type { AddressGrant, RateQuote, WidgetConfig } from '../../src/core/wire.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startStack, type Stack } from '../helpers/stack.js';

/** Issue 16 through the proxy: what the sandbox now emulates reaches a checkout as it would live. */

describe('issue 16, item 4 through the proxy: a checkout converting to a crypto', () => {
  let stack: Stack;
  const stackClock = new ManualClock();
  before(async () => {
    stack = await startStack({ clock: stackClock, confirmationDelayMs: 10_000, createLimitPerMinute: 1000 });
  });
  after(() => stack.close());

  const call = async <T>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const response = await fetch(`${stack.url}/coinspaid/${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as T };
  };

  it('serves ETH pairs, an address converting BTC to ETH, a BTC→ETH rate, and settles a payment converted to ETH', async () => {
    // A customer id beyond ASCII: the callbacks carry it \uXXXX-escaped, and the proxy's signature check holds.
    const token = await stack.mintToken({ foreign_id: 'клиент:eth/1', convert_to: 'ETH', amount: '50', amount_currency: 'EUR' });
    const config = (await call<WidgetConfig>(token, 'GET', 'config')).json;
    assert.ok(config.pairs.length > 0 && config.pairs.every((p) => p.to === 'ETH'), JSON.stringify(config.pairs));
    assert.ok(config.pairs.find((p) => p.from === 'BTC')?.min_amount_deposit_with_exchange);
    const crossRate = await call<RateQuote>(token, 'GET', 'rates?from=BTC&to=ETH');
    assert.equal(crossRate.status, 200, JSON.stringify(crossRate.json));
    assert.ok(Number(crossRate.json.price) > 28 && Number(crossRate.json.price) < 33, crossRate.json.price);
    const quote = (await call<RateQuote>(token, 'GET', 'rates?from=BTC&to=EUR')).json;
    const { status, json: grant } = await call<AddressGrant>(token, 'POST', 'addresses', { currency: 'BTC' });
    assert.equal(status, 201, JSON.stringify(grant));
    assert.equal(grant.address.convert_to, 'ETH');
    const amount = cryptoForFiat('50', quote.price, 8);
    assert.equal((await stack.control('deposits', { address: grant.address.address, amount, outcome: 'confirmed' })).status, 201);
    await stack.delivered();
    stackClock.advance(10_000);
    await stack.delivered();
    const last = stack.told.at(-1)!;
    assert.equal(last.payload.crypto_address?.foreign_id, 'клиент:eth/1');
    assert.equal(last.payload.type, 'deposit_exchange');
    assert.equal(last.payload.currency_received?.currency, 'ETH');
    assert.equal(last.settlement?.status, 'paid', JSON.stringify(last.settlement));
  });
});
