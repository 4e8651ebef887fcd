import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { RateQuote } from '../../src/core/wire.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startStack, type Stack } from '../helpers/stack.js';

/** Every test runs on a manual clock: rate windows, back-offs and budgets move only when the test says so. */

let stack: Stack | undefined;
let clock: ManualClock;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The stack, with a test header naming the client (every request here comes from 127.0.0.1). */
async function start(): Promise<Stack> {
  clock = new ManualClock();
  stack = await startStack({ clock, createLimitPerMinute: 20, clientIp: (c) => c.req.header('x-test-client') ?? 'customer' });
  return stack;
}

async function rates(s: Stack, token: string, query = 'from=BTC&to=EUR', client = 'customer') {
  const response = await fetch(`${s.url}/coinspaid/rates?${query}`, {
    headers: { Authorization: `Bearer ${token}`, 'x-test-client': client },
  });
  return { status: response.status, body: (await response.json()) as RateQuote & { code?: string; errors?: Record<string, string> } };
}

async function upstreamCalls(s: Stack): Promise<number> {
  const stats = (await (await s.control('stats', undefined, 'GET')).json()) as Record<string, number>;
  return stats['exchange/calculate'] ?? 0;
}

describe('proxy rates', () => {
  it('answers 500 concurrent requests for one pair with one upstream call', async () => {
    const s = await start();
    const token = await s.mintToken();
    const answers = await Promise.all(Array.from({ length: 500 }, () => rates(s, token)));
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(new Set(answers.map((a) => a.body.price)).size, 1);
    assert.equal(new Set(answers.map((a) => a.body.ts_release)).size, 1, 'every widget counts down to the same moment');
    assert.equal(await upstreamCalls(s), 1);
  });

  it('keeps one cached rate per pair and amount bucket (0.5 shares the 1 bucket, 5 is the 10 bucket)', async () => {
    const s = await start();
    const token = await s.mintToken();
    await rates(s, token, 'from=BTC&to=EUR');
    await rates(s, token, 'from=BTC&to=EUR&amount=0.5');
    await rates(s, token, 'from=BTC&to=EUR&amount=5');
    await rates(s, token, 'from=ETH&to=EUR', 'another customer');
    assert.equal(await upstreamCalls(s), 3);
  });

  it('stays under 30 upstream calls a minute for three minutes of heavy polling, and no widget sees a 429', async () => {
    const s = await start();
    const token = await s.mintToken();
    const pairs = ['from=BTC&to=EUR', 'from=ETH&to=EUR', 'from=LTC&to=EUR', 'from=USDTT&to=EUR', 'from=BTC&to=USD'];
    const statuses = new Map<number, number>();
    let requests = 0;
    // Three API minutes in ten-second steps, forty widgets polling each step.
    for (let step = 0; step < 18; step++) {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => rates(s, token, pairs[i % pairs.length], `customer-${i}`)));
      for (const { status } of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      requests += answers.length;
      clock.advance(10_000);
    }
    const calls = await upstreamCalls(s);
    assert.deepEqual([...statuses.keys()], [200], `statuses seen: ${JSON.stringify([...statuses])}`);
    assert.equal(requests, 720);
    // Five pairs over four fix periods (three minutes starting ten seconds into one): a call per pair per period.
    assert.ok(calls <= pairs.length * 4, `upstream calls ${calls} exceed one per pair per fix period`);
  });

  it('serves the last good rate marked stale while CoinsPaid answers 429 or 5xx', async () => {
    const s = await start();
    const token = await s.mintToken();
    const good = await rates(s, token);
    assert.equal(good.body.stale, false);
    for (const kind of ['html_429', '5xx', 'malformed_json']) {
      await s.control('faults', { endpoint: 'exchange/calculate', kind });
      clock.advance(61_000); // past the window
      const stale = await rates(s, token);
      assert.equal(stale.status, 200, kind);
      assert.equal(stale.body.stale, true, kind);
      assert.equal(stale.body.price, good.body.price, kind);
      await s.control('faults', undefined, 'DELETE');
      clock.advance(61_000); // let the back-off (a 429's Retry-After of a minute at most) lapse
    }
    const fresh = await rates(s, token);
    assert.equal(fresh.body.stale, false);
  });

  it('answers 503 rate_unavailable when there never was a good rate', async () => {
    const s = await start();
    const token = await s.mintToken();
    await s.control('faults', { endpoint: 'exchange/calculate', kind: '5xx' });
    const { status, body } = await rates(s, token);
    assert.equal(status, 503);
    assert.equal(body.code, 'rate_unavailable');
  });

  const badQueries: Array<[string, string]> = [
    ['', 'from'],
    ['from=BTC', 'to'],
    ['from=btc&to=EUR', 'from'],
    ['from=BTC&to=EUR&amount=-1', 'amount'],
    ['from=BTC&to=EUR&amount=1e5', 'amount'],
    ['from=BTC&to=EUR&debug=1', 'debug'],
  ];
  for (const [query, field] of badQueries) {
    it(`refuses rates?${query} with errors.${field}`, async () => {
      stack ??= await start();
      const { status, body } = await rates(stack, await stack.mintToken(), query);
      assert.equal(status, 400);
      assert.ok(body.errors?.[field]);
    });
  }

  it('refuses a pair the token does not allow', async () => {
    const s = await start();
    const { status } = await rates(s, await s.mintToken({ currencies: ['ETH'] }), 'from=BTC&to=EUR');
    assert.equal(status, 403);
  });
});

describe('proxy rates under attack: one client or one bad pair never starves the others', () => {
  it('answers a pair CoinsPaid does not list with 400, without an upstream call', async () => {
    const s = await start();
    const { status, body } = await rates(s, await s.mintToken(), 'from=BTC&to=XYZ');
    assert.equal(status, 400);
    assert.match(body.errors?.['to'] ?? '', /cannot be exchanged/);
    assert.equal(await upstreamCalls(s), 0);
  });

  it('remembers a failure for the pair that failed only: other pairs stay fresh', async () => {
    const s = await start();
    const token = await s.mintToken();
    await s.control('faults', { endpoint: 'exchange/calculate', kind: '5xx', count: 1 });
    assert.equal((await rates(s, token, 'from=ETH&to=EUR')).status, 503);
    const other = await rates(s, token, 'from=BTC&to=EUR');
    assert.equal(other.status, 200);
    assert.equal(other.body.stale, false);
    // The failed pair waits out its own back-off, then is asked again.
    assert.equal((await rates(s, token, 'from=ETH&to=EUR')).status, 503);
    clock.advance(5_001);
    assert.equal((await rates(s, token, 'from=ETH&to=EUR')).status, 200);
  });

  it('lets one client cause only a few new rates a minute, while the rates customers are shown keep refreshing', async () => {
    const s = await start();
    const token = await s.mintToken();
    assert.equal((await rates(s, token)).status, 200); // a customer's checkout shows BTC/EUR
    // Twelve amounts in twelve different buckets (10, 100, … and 0.1, 0.01, …): twelve rates nobody was shown yet.
    const amounts = ['2', '20', '200', '2000', '20000', '200000', '2000000', '0.02', '0.002', '0.0002', '0.00002', '0.000002'];
    const attacker = await Promise.all(amounts.map((amount) => rates(s, token, `from=BTC&to=EUR&amount=${amount}`, 'attacker')));
    const served = attacker.filter((a) => a.status === 200).length;
    assert.equal(served, 8, `the attacker got ${served} new rates`);
    assert.ok(attacker.filter((a) => a.status === 503).every((a) => a.body.code === 'rate_unavailable'));
    // Over a minute of windows the customer's pair still refreshes every window.
    for (let window = 0; window < 3; window++) {
      clock.advance(60_000);
      await Promise.all(amounts.map((amount) => rates(s, token, `from=BTC&to=USD&amount=${amount}`, `attacker-${window}`)));
      const customer = await rates(s, token);
      assert.equal(customer.status, 200);
      assert.equal(customer.body.stale, false, `window ${window}`);
    }
  });

  it('limits POST /futures/rates per client like every route that calls CoinsPaid', async () => {
    const s = await start();
    const token = await s.mintToken({ convert_to: 'EUR' });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const response = await fetch(`${s.url}/coinspaid/futures/rates`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-test-client': 'flooder' },
        body: JSON.stringify({ currency: 'BTC' }),
      });
      statuses.push(response.status);
    }
    assert.deepEqual(new Set(statuses.slice(0, 20)), new Set([200]));
    assert.equal(statuses[20], 429);
  });
});
