import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { AddressGrant, PaymentEvent } from '../../src/core/wire.js';
import { signPayload } from '../../src/server/coinspaid/index.js';
import { startFleet, type Fleet } from '../helpers/fleet.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { openSse, type SseConnection } from '../helpers/sse.js';

let redis: RedisServer;
let fleet: Fleet;
let clock: ManualClock;
const streams: SseConnection[] = [];

before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  await redis.destroy();
});
beforeEach(async () => {
  // A manual clock: the thousand rate requests below fall in one rate window however busy the machine is.
  clock = new ManualClock();
  fleet = await startFleet({ redisUrl: redis.url, clock });
});
afterEach(async () => {
  streams.splice(0).forEach((s) => s.close());
  await fleet.close();
});

async function takeAddress(instance: number, foreignId: string): Promise<AddressGrant> {
  const response = await fetch(`${fleet.instances[instance]!.url}/addresses`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await fleet.mintToken(foreignId)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ currency: 'BTC' }),
  });
  assert.equal(response.status, 201);
  return (await response.json()) as AddressGrant;
}

async function follow(instance: number, grant: AddressGrant, headers: Record<string, string> = {}) {
  const stream = await openSse(`${fleet.instances[instance]!.url}/${grant.follow.stream}`, headers);
  streams.push(stream);
  return stream;
}

const events = (stream: SseConnection) =>
  stream.messages.filter((m) => m.event === 'payment').map((m) => JSON.parse(m.data) as PaymentEvent);

function callbackBody(grant: AddressGrant, id: number, status: string): string {
  return JSON.stringify({
    id,
    type: 'deposit',
    status,
    error: '',
    crypto_address: grant.address,
    currency_sent: { currency: 'BTC', amount: '0.01' },
    currency_received: { currency: 'BTC', amount: '0.01' },
    transactions: [],
    fees: [],
  });
}

function sendCallback(instance: number, body: string) {
  return fetch(`${fleet.instances[instance]!.url}/callback`, {
    method: 'POST',
    headers: { 'X-Processing-Key': fleet.apiKey, 'X-Processing-Signature': signPayload(fleet.apiSecret, body) },
    body,
  });
}

describe('several proxy instances on one Redis', () => {
  it('namespaces every key it writes and gives each a TTL', async () => {
    const grant = await takeAddress(0, 'fleet-customer-ttl');
    await sendCallback(0, callbackBody(grant, 7001, 'not_confirmed'));
    await fetch(`${fleet.instances[0]!.url}/rates?from=ETH&to=EUR`, { headers: { Authorization: `Bearer ${await fleet.mintToken('x')}` } });
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      assert.ok(keys.length > 5, `keys: ${keys.join(', ')}`);
      for (const key of keys) {
        assert.match(key, /^test[a-z0-9]+:/, key);
        assert.ok((await client.pttl(key)) > 0, `${key} has no TTL`);
      }
    } finally {
      client.disconnect();
    }
  });

  it('delivers a callback received by instance A to a stream held on instance C', async () => {
    const grant = await takeAddress(1, 'fleet-customer-1');
    const onC = await follow(2, grant);
    await fleet.control('deposits', { address: grant.address.address, amount: '0.01', outcome: 'confirmed' });
    await onC.until((m) => m.some((x) => x.data.includes('"not_confirmed"')));
    clock.advance(200); // the sandbox's confirmation delay
    await onC.until((m) => m.some((x) => x.data.includes('"confirmed"')));
    assert.deepEqual(
      events(onC).map((e) => e.status),
      ['not_confirmed', 'confirmed'],
    );
  });

  it('does not handle a duplicate sent to instance B again', async () => {
    const grant = await takeAddress(0, 'fleet-customer-2');
    const body = callbackBody(grant, 4242, 'confirmed');
    assert.equal((await sendCallback(0, body)).status, 200);
    const duplicate = await sendCallback(1, body);
    assert.equal(duplicate.status, 200);
    assert.equal(((await duplicate.json()) as { duplicate: boolean }).duplicate, true);
    assert.equal(fleet.handled.filter((p) => p.id === 4242).length, 1);
  });

  it('makes one upstream call for 1,000 rate requests spread across the three', async () => {
    const token = await fleet.mintToken('fleet-customer-3');
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        fetch(`${fleet.instances[i % 3]!.url}/rates?from=BTC&to=EUR`, { headers: { Authorization: `Bearer ${token}` } }).then(
          (r) => r.json() as Promise<{ price: string }>,
        ),
      ),
    );
    assert.equal(new Set(answers.map((a) => a.price)).size, 1);
    const stats = (await (await fleet.control('stats', undefined, 'GET')).json()) as Record<string, number>;
    assert.equal(stats['exchange/calculate'], 1);
  });

  it('replays what a stream missed when it reconnects to a different instance with Last-Event-ID', async () => {
    const grant = await takeAddress(0, 'fleet-customer-4');
    const onA = await follow(0, grant);
    await sendCallback(0, callbackBody(grant, 5001, 'not_confirmed'));
    await onA.until((m) => m.length >= 1);
    const seen = events(onA)[0]!.id;
    onA.close();
    await sendCallback(1, callbackBody(grant, 5001, 'confirmed'));
    const onC = await follow(2, grant, { 'Last-Event-ID': seen });
    await onC.until((m) => m.length >= 1);
    assert.deepEqual(
      events(onC).map((e) => e.status),
      ['confirmed'],
    );
    assert.ok(Number(events(onC)[0]!.id) > Number(seen));
  });

  it('survives Redis stopping and restarting: clear errors meanwhile, nothing lost, nothing handled twice', async () => {
    const grant = await takeAddress(0, 'fleet-customer-5');
    const token = await fleet.mintToken('fleet-customer-5');
    const rate = async (instance: number) =>
      fetch(`${fleet.instances[instance]!.url}/rates?from=BTC&to=EUR`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal((await rate(0)).status, 200);
    const stream = await follow(2, grant);
    const first = callbackBody(grant, 6001, 'not_confirmed');
    assert.equal((await sendCallback(0, first)).status, 200);
    await stream.until((m) => m.length >= 1);

    await redis.stop();
    const whileDown = await sendCallback(1, callbackBody(grant, 6001, 'confirmed'));
    assert.equal(whileDown.status, 503, 'a callback is not acknowledged while it cannot be recorded');
    const staleRate = await rate(0);
    assert.equal(staleRate.status, 200, 'the instance that has a rate serves it');
    const address = await fetch(`${fleet.instances[1]!.url}/addresses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ currency: 'ETH' }),
    });
    assert.ok([502, 503].includes(address.status), `clear error while Redis is down, got ${address.status}`);
    assert.ok(((await address.json()) as { code: string }).code);

    await redis.start();
    // CoinsPaid retries the unacknowledged callback; a duplicate of the first arrives too.
    let retried: Response | undefined;
    for (let i = 0; i < 50; i++) {
      retried = await sendCallback(1, callbackBody(grant, 6001, 'confirmed'));
      if (retried.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(retried?.status, 200);
    assert.equal((await sendCallback(2, first)).status, 200);
    await stream.until((m) => m.some((x) => x.data.includes('"confirmed"')), 5000);
    assert.deepEqual(
      events(stream).map((e) => e.status),
      ['not_confirmed', 'confirmed'],
    );
    assert.deepEqual(
      fleet.handled.filter((p) => p.id === 6001).map((p) => p.status),
      ['not_confirmed', 'confirmed'],
    );
  });
});
