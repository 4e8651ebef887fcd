/**
 * Futures on exchange addresses: refused for other addresses and currencies, limited to 10,000 EUR, and a deposit of
 * exactly the confirmed sender_amount converted at the futures price until ts_release. Manual clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Big from 'big.js';
import { dataOf, errorsOf } from '../helpers/sandbox-client.js';
import { useSandbox } from '../helpers/use-sandbox.js';

const s = useSandbox({ callbacks: true });
const { clock, receiver } = s;

describe('sandbox futures', () => {
  const exchangeAddress = async (foreign_id: string, convert_to = 'EUR') =>
    dataOf<{ address: string }>(await s.api('addresses/take', { foreign_id, currency: 'BTC', convert_to }), 201).address;

  it('refuses futures/rates for an address without exchange', async () => {
    const { address } = dataOf<{ address: string }>(await s.api('addresses/take', { foreign_id: 'plain', currency: 'BTC' }), 201);
    const a = await s.api('futures/rates', { address });
    assert.equal(a.status, 400);
    assert.equal(errorsOf(a)['address'], 'Address is not found, incorrect or without exchange');
  });

  it('refuses futures/confirm for currencies that do not match the address', async () => {
    const address = await exchangeAddress('mismatch');
    const a = await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'USD', receiver_amount: '100' });
    assert.equal(a.status, 400);
    assert.match(errorsOf(a)['address']!, /^Address is not found, incorrect or without exchange/);
  });

  it('confirms up to 10,000 EUR and refuses more with a clear message', async () => {
    const address = await exchangeAddress('limit');
    assert.equal(
      (await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '10000' })).status,
      200,
    );
    const over = await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '10000.01' });
    assert.equal(over.status, 400);
    assert.match(errorsOf(over)['receiver_amount']!, /10[, ]?000 EUR/);
  });

  it('converts the limit to EUR for other receiver currencies', async () => {
    const address = await exchangeAddress('limit-usd', 'USD');
    // 1 USD ≈ 0.92 EUR: 10,500 USD is under the limit, 11,500 USD over it.
    assert.equal(
      (await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'USD', receiver_amount: '10500' })).status,
      200,
    );
    assert.equal(
      (await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'USD', receiver_amount: '11500' })).status,
      400,
    );
  });

  it('converts a deposit of exactly sender_amount at the futures price, any other amount at the current rate', async () => {
    // 50 s into a fix period: the two market-rate deposits below, 30 and 60 s later, share the next one.
    clock.advance((110_000 - (clock.now() % 60_000)) % 60_000 || 60_000);
    const withFutures = await exchangeAddress('fut-a');
    const without = await exchangeAddress('fut-b');
    const confirmation = dataOf<{ sender_amount: string; receiver_amount: string; fee_amount: string; price: string }>(
      await s.api('futures/confirm', { address: withFutures, sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '250' }),
    );
    const receivedFor = async (address: string, amount: string): Promise<Big> => {
      receiver.clear();
      await s.control('deposits', { address, amount, outcome: 'confirmed' });
      clock.advance(30_000);
      const final = await s.settled(() => receiver.bodies().find((b) => b['status'] === 'confirmed'), 'the confirmed callback');
      assert.equal(final['type'], 'deposit_exchange');
      return new Big((final['currency_received'] as { amount: string }).amount);
    };
    const atFutures = await receivedFor(withFutures, confirmation.sender_amount);
    const atMarket = await receivedFor(without, confirmation.sender_amount);
    assert.ok(!atFutures.eq(atMarket), `futures ${atFutures.toFixed()} vs market ${atMarket.toFixed()}`);
    // What was guaranteed, less at most the fee, arrives.
    assert.ok(atFutures.gte(new Big(confirmation.receiver_amount).minus(confirmation.fee_amount)), atFutures.toFixed());
    assert.ok(atFutures.lte(new Big(confirmation.receiver_amount).plus('0.01')), atFutures.toFixed());
    // The futures were used up: the same amount again converts at the market rate.
    const again = await receivedFor(withFutures, confirmation.sender_amount);
    assert.ok(again.eq(atMarket), `${again.toFixed()} vs ${atMarket.toFixed()}`);
  });

  it('forgets the futures after ts_release', async () => {
    const withFutures = await exchangeAddress('fut-late');
    const control = await exchangeAddress('fut-late-b');
    const c = dataOf<{ sender_amount: string; ts_release: number }>(
      await s.api('futures/confirm', { address: withFutures, sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '100' }),
    );
    clock.advance(c.ts_release * 1000 - clock.now() + 1000);
    await s.control('deposits', { address: withFutures, amount: c.sender_amount, outcome: 'confirmed' });
    await s.control('deposits', { address: control, amount: c.sender_amount, outcome: 'confirmed' });
    clock.advance(30_000);
    const finals = await s.settled(() => {
      const done = receiver.bodies().filter((b) => b['status'] === 'confirmed');
      return done.length === 2 ? done : undefined;
    }, 'two confirmed callbacks');
    const amounts = finals.map((b) => (b['currency_received'] as { amount: string }).amount);
    assert.equal(amounts[0], amounts[1]);
  });

  // From the former emulator suite.
  it('refuses futures above 10,000 EUR and confirms below', async () => {
    const address = await exchangeAddress('fut');
    const table = dataOf<{ rates: Record<string, Record<string, string>> }>(await s.api('futures/rates', { address }));
    assert.ok(Object.keys(table.rates['BTCEUR']!).includes('100.00000000'));
    const over = await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '10000.01' });
    assert.equal(over.status, 400);
    assert.match(errorsOf(over)['receiver_amount']!, /10000 EUR/);
    const ok = await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '250' });
    assert.equal(ok.status, 200);
  });
});
