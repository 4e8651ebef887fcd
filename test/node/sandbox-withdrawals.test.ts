/**
 * Withdrawals settled with the control API and exchanges confirmed after the delay, each with one callback shaped like
 * the reference's (withdrawal, withdrawal_exchange with its exchange leg, exchange with its fee in fiat).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataOf } from '../helpers/sandbox-client.js';
import { useSandbox } from '../helpers/use-sandbox.js';

const DELAY = 30_000;
const s = useSandbox({ callbacks: true, confirmationDelayMs: DELAY });
const { clock, receiver } = s;

type Tx = { id: number; txid: string; confirmations: number | string; amount: string; address: string; tag: string | null; type: string };
const callbacks = async (n: number, what = `${n} callbacks`) =>
  s.settled(() => (receiver.received.length >= n ? receiver.received : undefined), what);

describe('sandbox control: withdrawals', () => {
  const withdraw = async (foreign_id: string, extra: Record<string, unknown> = {}) =>
    dataOf<{ id: number }>(
      await s.api('withdrawal/crypto', {
        foreign_id,
        amount: '0.1',
        currency: 'BTC',
        address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
        ...extra,
      }),
      201,
    );

  it('settles a withdrawal as confirmed with a withdrawal callback carrying foreign_id and the transaction', async () => {
    const w = await withdraw('wd-ok');
    dataOf(await s.control(`withdrawals/${w.id}/settle`, { outcome: 'confirmed' }));
    const [cb] = await callbacks(1);
    assert.equal(cb!.body['type'], 'withdrawal');
    assert.equal(cb!.body['status'], 'confirmed');
    assert.equal(cb!.body['foreign_id'], 'wd-ok');
    assert.equal((cb!.body['transactions'] as Tx[])[0]!.address, 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
  });

  it('settles a withdrawal_exchange as cancelled with an error text', async () => {
    const w = await withdraw('wd-x', { amount: '100', currency: 'EUR', convert_to: 'BTC' });
    dataOf(await s.control(`withdrawals/${w.id}/settle`, { outcome: 'cancelled' }));
    const [cb] = await callbacks(1);
    assert.equal(cb!.body['type'], 'withdrawal_exchange');
    assert.equal(cb!.body['status'], 'cancelled');
    assert.ok(String(cb!.body['error']).length > 0);
  });

  it('describes a withdrawal_exchange like the reference: crypto_address, an exchange leg then the blockchain leg', async () => {
    const w = await withdraw('wd-legs', { amount: '100', currency: 'EUR', convert_to: 'BTC' });
    await s.control(`withdrawals/${w.id}/settle`, { outcome: 'confirmed' });
    const [cb] = await callbacks(1);
    const addressId = (cb!.body['crypto_address'] as { id: number }).id;
    assert.ok(Number.isSafeInteger(addressId) && addressId !== w.id, 'the destination has an address id of its own, as in the reference');
    assert.deepEqual(cb!.body['crypto_address'], {
      id: addressId,
      currency: 'EUR',
      convert_to: 'BTC',
      address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      tag: null,
    });
    const legs = cb!.body['transactions'] as Array<{ transaction_type: string; type: string; currency: string; confirmations?: string }>;
    assert.deepEqual(
      legs.map((l) => [l.transaction_type, l.type, l.currency]),
      [
        ['exchange', 'exchange', 'EUR'],
        ['blockchain', 'withdrawal', 'BTC'],
      ],
    );
    assert.equal(legs[1]!.confirmations, '1');
  });

  it('sends an exchange callback with its exchange transaction and the fee in the fiat currency', async () => {
    const x = dataOf<{ id: number; receiver_amount: string; fee_amount: string; fee_currency: string }>(
      await s.api('exchange/now', { foreign_id: 'xcb', sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '500' }),
      201,
    );
    assert.equal(x.fee_currency, 'EUR');
    clock.advance(DELAY);
    const [cb] = await callbacks(1);
    assert.equal(cb!.body['type'], 'exchange');
    assert.deepEqual(cb!.body['transactions'], [
      {
        id: (cb!.body['transactions'] as Array<{ id: number }>)[0]!.id,
        currency: 'EUR',
        currency_to: 'BTC',
        transaction_type: 'exchange',
        type: 'exchange',
        amount: '500.00000000',
        amount_to: x.receiver_amount,
      },
    ]);
    assert.deepEqual(cb!.body['fees'], [{ type: 'exchange', currency: 'EUR', amount: x.fee_amount }]);
  });

  it('refuses to settle twice, an unknown withdrawal, a bad id and a bad outcome', async () => {
    const w = await withdraw('wd-twice');
    await s.control(`withdrawals/${w.id}/settle`, { outcome: 'confirmed' });
    assert.equal((await s.control(`withdrawals/${w.id}/settle`, { outcome: 'cancelled' })).status, 400);
    assert.equal((await s.control('withdrawals/999999/settle', { outcome: 'confirmed' })).status, 404);
    assert.equal((await s.control('withdrawals/abc/settle', { outcome: 'confirmed' })).status, 400);
    assert.equal((await s.control(`withdrawals/${w.id}/settle`, { outcome: 'maybe' })).status, 400);
  });

  // From the former emulator suite.
  it('settles a withdrawal with a callback and refunds a cancelled one', async () => {
    const w = await withdraw('wd');
    assert.equal((await s.control(`withdrawals/${w.id}/settle`, { outcome: 'cancelled' })).status, 200);
    await s.settled(() => receiver.bodies().some((b) => b['id'] === w.id && b['status'] === 'cancelled'), 'the withdrawal callback');
    assert.equal((await s.control(`withdrawals/${w.id}/settle`, { outcome: 'confirmed' })).status, 400);
    assert.equal((await s.control('withdrawals/abc/settle', { outcome: 'confirmed' })).status, 400);
  });
});
