import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { RateQuote } from '../../src/core/wire.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function rates(s: Stack, token: string, query = 'from=BTC&to=EUR') {
  const response = await fetch(`${s.url}/coinspaid/rates?${query}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as RateQuote & { code?: string } };
}

async function upstreamCalls(s: Stack): Promise<number> {
  const stats = (await (await s.control('stats', undefined, 'GET')).json()) as Record<string, number>;
  return stats['exchange/calculate'] ?? 0;
}

describe('proxy rates', () => {
  it('answers 500 concurrent requests for one pair with one upstream call', async () => {
    stack = await startStack();
    const token = await stack.mintToken();
    const answers = await Promise.all(Array.from({ length: 500 }, () => rates(stack!, token)));
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(new Set(answers.map((a) => a.body.price)).size, 1);
    assert.equal(new Set(answers.map((a) => a.body.ts_release)).size, 1, 'every widget counts down to the same moment');
    assert.equal(await upstreamCalls(stack), 1);
  });

  it('keeps one cached rate per pair and amount bucket (0.5 shares the 1 bucket, 5 is the 10 bucket)', async () => {
    stack = await startStack();
    const token = await stack.mintToken();
    await rates(stack, token, 'from=BTC&to=EUR');
    await rates(stack, token, 'from=BTC&to=EUR&amount=0.5');
    await rates(stack, token, 'from=BTC&to=EUR&amount=5');
    await rates(stack, token, 'from=ETH&to=EUR');
    assert.equal(await upstreamCalls(stack), 3);
  });

  it('stays under 30 upstream calls a minute for three minutes of heavy polling, and no widget sees a 429', async () => {
    stack = await startStack({ timeScale: 30 }); // three API minutes in six seconds
    const token = await stack.mintToken();
    const start = stack.clock.now();
    const statuses = new Map<number, number>();
    const pairs = ['from=BTC&to=EUR', 'from=ETH&to=EUR', 'from=LTC&to=EUR', 'from=USDTT&to=EUR', 'from=BTC&to=USD'];
    let requests = 0;
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        while (stack!.clock.now() - start < 180_000) {
          const { status } = await rates(stack!, token, pairs[i % pairs.length]);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          requests++;
        }
      }),
    );
    const calls = await upstreamCalls(stack);
    assert.deepEqual([...statuses.keys()], [200], `statuses seen: ${JSON.stringify([...statuses])}`);
    assert.ok(requests > 1000, `made ${requests} requests`);
    assert.ok(calls <= 3 * 30, `upstream calls ${calls}`);
    // Five pairs, about four fix periods each: a call per pair per period, nothing more.
    assert.ok(calls <= pairs.length * 5, `upstream calls ${calls} exceed one per pair per fix period`);
  });

  it('serves the last good rate marked stale while CoinsPaid answers 429 or 5xx', async () => {
    stack = await startStack({ timeScale: 60 });
    const token = await stack.mintToken();
    const good = await rates(stack, token);
    assert.equal(good.body.stale, false);
    for (const kind of ['html_429', '5xx', 'malformed_json']) {
      await stack.control('faults', { endpoint: 'exchange/calculate', kind });
      await new Promise((resolve) => setTimeout(resolve, 1100)); // past the 60 s window at this scale
      const stale = await rates(stack, token);
      assert.equal(stale.status, 200, kind);
      assert.equal(stale.body.stale, true, kind);
      assert.equal(stale.body.price, good.body.price, kind);
      await stack.control('faults', undefined, 'DELETE');
      await new Promise((resolve) => setTimeout(resolve, 1100)); // let the back-off lapse
    }
    const fresh = await rates(stack, token);
    assert.equal(fresh.body.stale, false);
  });

  it('answers 503 rate_unavailable when there never was a good rate', async () => {
    stack = await startStack();
    const token = await stack.mintToken();
    await stack.control('faults', { endpoint: 'exchange/calculate', kind: '5xx' });
    const { status, body } = await rates(stack, token);
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
      stack ??= await startStack();
      const { status, body } = await rates(stack, await stack.mintToken(), query);
      assert.equal(status, 400);
      assert.ok((body as unknown as { errors: Record<string, string> }).errors[field]);
    });
  }

  it('refuses a pair the token does not allow', async () => {
    stack = await startStack();
    const { status } = await rates(stack, await stack.mintToken({ currencies: ['ETH'] }), 'from=BTC&to=EUR');
    assert.equal(status, 403);
  });
});
