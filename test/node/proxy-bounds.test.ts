import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { MemoryStore } from '../../src/server/store/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startStack } from '../helpers/stack.js';
import { until } from '../helpers/until.js';

describe('what the proxy remembers stays bounded', () => {
  it('forgets per-client limits whose minute has passed, and never keeps more than its bound', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore({ clock, maxBudgets: 1000 });
    for (let i = 0; i < 5000; i++) await store.takeBudget(`limit:addresses:10.0.${i >> 8}.${i & 255}`, 20, 60_000);
    assert.equal(store.budgetCount, 1000);
    clock.advance(60_001);
    await store.takeBudget('limit:addresses:192.0.2.1', 20, 60_000);
    for (let i = 0; i < 1000; i++) await store.takeBudget(`limit:rates:198.51.100.${i & 255}:${i}`, 20, 60_000);
    clock.advance(60_001);
    await store.takeBudget('limit:addresses:192.0.2.2', 20, 60_000);
    assert.ok(store.budgetCount <= 2, `${store.budgetCount} budgets remembered`);
  });

  it('keeps counting a client that stays busy while a flood of others passes through', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore({ clock, maxBudgets: 100 });
    const busy = 'limit:addresses:203.0.113.9';
    for (let i = 0; i < 20; i++) {
      assert.equal(await store.takeBudget(busy, 20, 60_000), true);
      for (let j = 0; j < 50; j++) await store.takeBudget(`limit:addresses:flood-${i}-${j}`, 20, 60_000);
    }
    assert.equal(await store.takeBudget(busy, 20, 60_000), false, 'the busy client is still at its limit');
  });
});

describe('a callback upload cut off halfway', () => {
  it('is logged on one line, without a stack trace, and the proxy goes on', async (t) => {
    const stack = await startStack();
    const warn = t.mock.method(console, 'warn', () => undefined);
    const error = t.mock.method(console, 'error', () => undefined);
    try {
      const { port } = new URL(stack.url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        'POST /coinspaid/callback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"id":1,',
      );
      socket.end(); // the sender hangs up 4,992 bytes short: the server has the headers, then the end of the stream
      await until(() => warn.mock.calls.some((call) => /cut off/.test(String(call.arguments[0]))), 'the one-line warning');
      assert.equal(error.mock.calls.length, 0, 'no error with a stack trace');
      assert.equal((await fetch(`${stack.url}/coinspaid/callback`, { method: 'POST', body: '{}' })).status, 401);
    } finally {
      await stack.close();
    }
  });
});
