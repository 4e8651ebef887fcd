/**
 * End to end: `npx coinspaid-terminal` as a PHP or Python shop runs it — the built bin (package.json "bin", compiled
 * JavaScript under dist/, no tsx) in its own process, configured from environment variables only, in sandbox mode.
 * The shop mints a token over HTTP, its customer pays in the sandbox (through the control API), and the shop's
 * webhook endpoint receives the signed settlement changes and verifies them with a Standard Webhooks library. Then
 * SIGTERM, and a clean exit. Needs `npm run build` (npm test builds first).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { cryptoForFiat } from '../../src/core/amount.js';
import type { AddressGrant, RateQuote } from '../../src/core/wire.js';
import { spawnService, type ServiceProcess } from '../helpers/service-process.js';
import { until } from '../helpers/until.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { verifyStandardWebhook } from '../helpers/webhook-verifier.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
const bin = pkg.bin['coinspaid-terminal']!;
const MERCHANT_API_KEY = 'e2e-merchant-key-0123456789abcdef0123456789';
const WEBHOOK_SECRET = `whsec_${Buffer.from('e2e-webhook-secret-of-32-bytes!!').toString('base64')}`;

let receiver: WebhookReceiver;
let service: ServiceProcess;

describe('npx coinspaid-terminal (the built bin)', { skip: !existsSync(bin) && `${bin} is missing: run \`npm run build\` first` }, () => {
  before(async () => {
    receiver = await new WebhookReceiver().start();
    service = await spawnService([bin], {
      PORT: '0',
      TERMINAL_TOKEN_SECRET: 'e2e-token-secret-0123456789abcdef0123',
      MERCHANT_API_KEY,
      MERCHANT_WEBHOOK_URL: receiver.url,
      MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
  });
  after(async () => {
    if (service?.child.exitCode === null) service.kill('SIGKILL');
    await receiver?.close();
  });

  it('starts from a shebang JavaScript file, not TypeScript', () => {
    assert.match(bin, /^\.\/dist\/.*\.js$/);
    assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  it('mints a token over HTTP, takes a payment in the sandbox and delivers signed webhooks the shop can verify', async () => {
    const minted = await fetch(`${service.url}/coinspaid/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ foreign_id: 'customer:e2e', order_id: 'E2E-1', amount: '40.00', amount_currency: 'EUR', convert_to: 'EUR' }),
    });
    assert.equal(minted.status, 200);
    const { token, checkout_id } = (await minted.json()) as { token: string; checkout_id: string };
    assert.equal(checkout_id, 'o:E2E-1');
    const auth = { Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const quote = (await (await fetch(`${service.url}/coinspaid/rates?from=BTC&to=EUR`, { headers: auth })).json()) as RateQuote;
    const taken = await fetch(`${service.url}/coinspaid/addresses`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ currency: 'BTC', convert_to: 'EUR' }),
    });
    assert.equal(taken.status, 201);
    const grant = (await taken.json()) as AddressGrant;

    // The customer pays; the payment is seen at once and confirmed on command.
    const control = { 'x-sandbox-control': '1' };
    const paid = await fetch(`${service.url}/sandbox/control/deposits`, {
      method: 'POST',
      headers: control,
      body: JSON.stringify({ address: grant.address.address, amount: cryptoForFiat('40.00', quote.price, 8), outcome: 'pending' }),
    });
    assert.equal(paid.status, 201);
    const { transaction_id } = ((await paid.json()) as { data: { transaction_id: number } }).data;
    await receiver.receivedAtLeast(1);
    await fetch(`${service.url}/sandbox/control/deposits/${transaction_id}/settle`, {
      method: 'POST',
      headers: control,
      body: JSON.stringify({ outcome: 'confirmed' }),
    });
    await receiver.receivedAtLeast(2);

    assert.deepEqual(receiver.statuses(), ['pending', 'paid']);
    const library = new Webhook(WEBHOOK_SECRET);
    for (const webhook of receiver.received) {
      const message = library.verify(webhook.body, Object.fromEntries(webhook.headers)) as { type: string; data: { order_id: string } };
      assert.equal(message.type, 'settlement.updated');
      assert.equal(message.data.order_id, 'E2E-1');
      assert.deepEqual(verifyStandardWebhook(WEBHOOK_SECRET, webhook.headers, webhook.body, Math.floor(Date.now() / 1000)), { ok: true });
    }
    // The receiver has the second webhook before its answer reaches the service: wait for the service to count it.
    await until(
      async () =>
        /^coinspaid_terminal_webhook_deliveries_total\{result="delivered"\} 2$/m.test(await (await fetch(`${service.url}/metrics`)).text()),
      'both deliveries counted',
    );
  });

  it('exits 0 on SIGTERM, having written only JSON log lines', async () => {
    service.kill('SIGTERM');
    assert.equal(await service.exited, 0, service.stderr());
    await until(() => service.lines.some((l) => l.msg === 'shut down'), 'the last log line');
    assert.ok(service.lines.every((l) => typeof l.level === 'string' && typeof l.msg === 'string'));
    assert.ok(!service.stdout().includes(MERCHANT_API_KEY));
  });
});
