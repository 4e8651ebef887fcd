import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { AddressGrant } from '../../src/core/wire.js';
import { signPayload } from '../../src/server/coinspaid/index.js';
import { MERCHANT_API_KEY, SANDBOX_KEY, SANDBOX_SECRET, TOKEN_SECRET, WEBHOOK_SECRET } from '../helpers/service.js';
import { spawnService, type ServiceProcess } from '../helpers/service-process.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * SIGTERM, as a process manager or Kubernetes sends it, to the service running as its own process (the bin through
 * tsx): a status stream is open and a callback from CoinsPaid is half received. The stream is told to reconnect
 * elsewhere and ends, new requests are refused, the callback finishes and is acknowledged, its webhook goes out, and
 * the process exits 0.
 */

let receiver: WebhookReceiver;
let service: ServiceProcess;

before(async () => {
  receiver = await new WebhookReceiver().start();
  service = await spawnService(['--import', 'tsx', 'src/server/service/bin.ts'], {
    PORT: '0',
    LOG_LEVEL: 'trace',
    COINSPAID_API_KEY: SANDBOX_KEY,
    COINSPAID_API_SECRET: SANDBOX_SECRET,
    TERMINAL_TOKEN_SECRET: TOKEN_SECRET,
    MERCHANT_API_KEY,
    MERCHANT_WEBHOOK_URL: receiver.url,
    MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
});
after(async () => {
  if (service.child.exitCode === null) service.kill('SIGKILL');
  await receiver.close();
});

/** Reads a response body to its end, as text. */
async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  return text;
}

describe('SIGTERM', () => {
  it('sends open streams elsewhere, finishes the callback in flight, delivers its webhook and exits 0', async () => {
    const minted = await fetch(`${service.url}/coinspaid/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ foreign_id: 'player:1' }),
    });
    const { token } = (await minted.json()) as { token: string };
    const taken = await fetch(`${service.url}/coinspaid/addresses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ currency: 'BTC' }),
    });
    assert.equal(taken.status, 201);
    const grant = (await taken.json()) as AddressGrant;

    const stream = await fetch(`${service.url}/coinspaid/${grant.follow.stream}`, { headers: { Accept: 'text/event-stream' } });
    assert.equal(stream.status, 200);
    const streamed = readAll(stream.body!);
    await service.logged((l) => l['path'] === '/coinspaid/follow/:capability/stream' && l.msg === 'request', 'the stream is open');

    // CoinsPaid's callback for a payment to that address, of which only the first half has arrived.
    const body = JSON.stringify({
      id: 9001,
      type: 'deposit',
      status: 'confirmed',
      error: '',
      crypto_address: grant.address,
      currency_sent: { currency: 'BTC', amount: '0.01' },
      currency_received: { currency: 'BTC', amount: '0.01' },
      transactions: [],
      fees: [],
    });
    const callback = request(`${service.url}/coinspaid/callback`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'X-Processing-Key': SANDBOX_KEY,
        'X-Processing-Signature': signPayload(SANDBOX_SECRET, body),
      },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      callback.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, text }));
      });
      callback.on('error', reject);
    });
    const half = Math.floor(body.length / 2);
    callback.write(body.slice(0, half));
    await service.logged((l) => l.msg === 'request started' && l['path'] === '/coinspaid/callback', 'the callback is being received');

    service.kill('SIGTERM');
    await service.logged((l) => l.msg === 'shutting down: draining', 'draining');

    // The stream is told to reconnect (after 1–3 s, to another instance) and ends.
    const text = await streamed;
    const retries = [...text.matchAll(/^retry: (\d+)$/gm)].map((m) => Number(m[1]));
    assert.equal(retries.length, 2, text);
    assert.ok(retries[1]! >= 1000 && retries[1]! <= 3000, `retry ${retries[1]}`);

    // Nothing new is taken on; the probes still answer.
    const refused = await fetch(`${service.url}/coinspaid/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ foreign_id: 'player:2' }),
    });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('connection'), 'close');
    const readiness = await fetch(`${service.url}/readyz`);
    assert.equal(readiness.status, 503);
    assert.equal(((await readiness.json()) as { status: string }).status, 'draining');
    assert.equal((await fetch(`${service.url}/healthz`)).status, 200);

    // The rest of the callback arrives: it is handled and acknowledged, and the process ends cleanly.
    callback.end(body.slice(half));
    const answer = await answered;
    assert.equal(answer.status, 200, answer.text);
    assert.equal(await service.exited, 0, service.stderr());

    assert.equal(receiver.received.length, 1, 'the acknowledged callback’s webhook went out before the exit');
    const webhook = receiver.received[0]!;
    const verified = new Webhook(WEBHOOK_SECRET).verify(webhook.body, Object.fromEntries(webhook.headers)) as {
      data: { status: string; callback: { id: number } };
    };
    assert.equal(verified.data.status, 'paid');
    assert.equal(verified.data.callback.id, 9001);
    assert.ok(service.lines.some((l) => l.msg === 'shut down' && l['clean'] === true));
  });
});
