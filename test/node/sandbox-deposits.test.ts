/**
 * Deposits played with the control API: not_confirmed when seen, then confirmed or cancelled after the
 * confirmation delay, shaped like the reference's callbacks (plain and exchange addresses, tags), and the balance
 * credited. Manual clock: the delay passes exactly when the test says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Big from 'big.js';
import { dataOf, errorsOf } from '../helpers/sandbox-client.js';
import { useSandbox } from '../helpers/use-sandbox.js';

const DELAY = 30_000;
const s = useSandbox({ callbacks: true, confirmationDelayMs: DELAY });
const { clock, receiver } = s;

type Tx = { id: number; txid: string; confirmations: number | string; amount: string; address: string; tag: string | null; type: string };
const address = async (body: Record<string, unknown>) =>
  dataOf<{ address: string; tag: string | null; id: number }>(await s.api('addresses/take', body), 201);
const callbacks = async (n: number, what = `${n} callbacks`) =>
  s.settled(() => (receiver.received.length >= n ? receiver.received : undefined), what);

describe('sandbox control: deposits', () => {
  it('answers 201 with transaction and callback ids, sends not_confirmed now and confirmed after the delay', async () => {
    const a = await address({ foreign_id: 'dep', currency: 'BTC' });
    const answer = dataOf<{ transaction_id: number; callback_id: number }>(
      await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' }),
      201,
    );
    assert.equal(typeof answer.transaction_id, 'number');
    assert.ok(answer.callback_id !== undefined);
    const [first] = await callbacks(1);
    assert.equal(first!.body['status'], 'not_confirmed');
    clock.advance(DELAY - 1);
    await s.delivered();
    assert.equal(receiver.received.length, 1, 'nothing final before the confirmation delay');
    clock.advance(1);
    const [, second] = await callbacks(2);
    const [n, c] = [first!.body, second!.body];
    assert.equal(c['status'], 'confirmed');
    assert.equal(n['id'], c['id']);
    assert.equal(n['type'], 'deposit');
    assert.equal(n['error'], '');
    const [nt, ct] = [(n['transactions'] as Tx[])[0]!, (c['transactions'] as Tx[])[0]!];
    assert.equal(nt.id, ct.id, 'same transaction');
    assert.equal(nt.txid, ct.txid);
    assert.ok(Number(ct.confirmations) > Number(nt.confirmations), `confirmations ${nt.confirmations} → ${ct.confirmations}`);
    assert.equal(nt.address, a.address);
    assert.deepEqual(n['currency_sent'], { currency: 'BTC', amount: '0.01000000' }, 'padded, as CoinsPaid writes it');
    assert.equal((c['crypto_address'] as { foreign_id: string }).foreign_id, 'dep');
    assert.ok(Array.isArray(c['fees']));
  });

  it('takes the confirmations and txid when given', async () => {
    const a = await address({ foreign_id: 'dep-opts', currency: 'LTC' });
    await s.control('deposits', { address: a.address, amount: '1', outcome: 'confirmed', confirmations: 12, txid: 'abc123' });
    clock.advance(DELAY);
    const [, final] = await callbacks(2);
    const tx = (final!.body['transactions'] as Tx[])[0]!;
    assert.equal(Number(tx.confirmations), 12);
    assert.equal(tx.txid, 'abc123');
  });

  it('sends cancelled as the final status of a double spend, with the address tag', async () => {
    const a = await address({ foreign_id: 'ds', currency: 'XRP' });
    await s.control('deposits', { address: a.address, tag: a.tag, amount: '25', outcome: 'cancelled' });
    clock.advance(DELAY);
    const [first, final] = await callbacks(2);
    assert.equal(first!.body['status'], 'not_confirmed');
    assert.equal(final!.body['status'], 'cancelled');
    assert.ok(String(final!.body['error']).length > 0, 'a reason');
    assert.equal((final!.body['crypto_address'] as { tag: string }).tag, a.tag);
    assert.equal((final!.body['transactions'] as Tx[])[0]!.tag, a.tag);
  });

  it('sends deposit_exchange with the amount converted at the current rate for an exchange address', async () => {
    const a = await address({ foreign_id: 'depx', currency: 'BTC', convert_to: 'EUR' });
    clock.advance(60_000 - (clock.now() % 60_000) + 1000); // 1 s into a fix period: quote and final callback share it
    const { price } = dataOf<{ price: string }>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.01' }),
    );
    await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' });
    clock.advance(DELAY);
    const [, final] = await callbacks(2);
    assert.equal(final!.body['type'], 'deposit_exchange');
    const received = final!.body['currency_received'] as { currency: string; amount: string };
    assert.equal(received.currency, 'EUR');
    // At the quoted price, less CoinsPaid’s exchange fee (about 1 %).
    const expected = 0.01 * Number(price);
    assert.ok(Number(received.amount) <= expected && Number(received.amount) > expected * 0.97, `${received.amount} vs ${expected}`);
    assert.deepEqual(final!.body['currency_sent'], { currency: 'BTC', amount: '0.01000000' });
  });

  it('reports a plain deposit as the reference does: amount as sent, amount_minus_fee after the deposit fee, fees only once confirmed', async () => {
    const a = await address({ foreign_id: 'shape', currency: 'ETH' });
    await s.control('deposits', { address: a.address, amount: '2', outcome: 'confirmed' });
    clock.advance(DELAY);
    const [seen, final] = (await callbacks(2)).map((r) => r.body);
    assert.deepEqual(seen!['currency_received'], { currency: 'ETH', amount: '2.00000000', amount_minus_fee: '2.00000000' });
    assert.deepEqual(seen!['fees'], []);
    assert.deepEqual(final!['currency_received'], { currency: 'ETH', amount: '2.00000000', amount_minus_fee: '1.98020000' });
    assert.deepEqual(final!['fees'], [{ type: 'deposit', currency: 'ETH', amount: '0.01980000' }]);
    for (const body of [seen!, final!]) {
      const [tx] = body['transactions'] as Tx[];
      assert.equal(typeof tx!.confirmations, 'string', 'confirmations as a string, like most published callbacks');
      assert.equal((body['transactions'] as Tx[]).length, 1);
    }
  });

  it('reports a deposit_exchange with a blockchain leg and, once confirmed, an exchange leg; credits amount_minus_fee', async () => {
    const eur = async () =>
      new Big(
        dataOf<Array<{ currency: string; balance: string }>>(await s.api('accounts/list')).find((b) => b.currency === 'EUR')!.balance,
      );
    const before = await eur();
    const a = await address({ foreign_id: 'legs', currency: 'BTC', convert_to: 'EUR' });
    await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' });
    clock.advance(DELAY);
    const [seen, final] = (await callbacks(2)).map((r) => r.body);
    assert.equal((seen!['transactions'] as Tx[]).length, 1, 'nothing exchanged before confirmation');
    const [chain, exchange] = final!['transactions'] as Array<
      Tx & { transaction_type: string; currency: string; currency_to?: string; amount_to?: string }
    >;
    assert.equal(chain!.transaction_type, 'blockchain');
    assert.equal(chain!.type, 'deposit');
    assert.equal(chain!.amount, '0.01000000');
    assert.equal(exchange!.transaction_type, 'exchange');
    assert.equal(exchange!.type, 'exchange');
    assert.equal(exchange!.currency, 'BTC');
    assert.equal(exchange!.currency_to, 'EUR');
    assert.notEqual(exchange!.id, chain!.id);
    const received = final!['currency_received'] as { currency: string; amount: string; amount_minus_fee: string };
    assert.equal(exchange!.amount_to, received.amount);
    const [fee] = final!['fees'] as Array<{ type: string; currency: string; amount: string }>;
    assert.equal(fee!.type, 'exchange');
    assert.equal(fee!.currency, 'EUR');
    assert.match(received.amount_minus_fee, /^\d+\.\d{8}$/, 'EUR at CoinsPaid’s 8 decimals');
    assert.equal(new Big(received.amount).minus(fee!.amount).toFixed(8), received.amount_minus_fee);
    await s.delivered();
    assert.equal((await eur()).minus(before).toFixed(8), received.amount_minus_fee);
  });

  it('needs the destination tag for a deposit to an XRP address, and refuses another tag', async () => {
    const a = await address({ foreign_id: 'xrp-tag', currency: 'XRP' });
    assert.ok(a.tag);
    const missing = await s.control('deposits', { address: a.address, amount: '25' });
    assert.equal(missing.status, 400, missing.text);
    assert.match(errorsOf(missing)['tag']!, /destination tag/);
    const wrong = await s.control('deposits', { address: a.address, tag: `${a.tag}9`, amount: '25' });
    assert.equal(wrong.status, 404, wrong.text);
    assert.ok(errorsOf(wrong)['tag']);
    assert.equal(receiver.received.length, 0, 'no callback for a deposit that cannot be attributed');
    dataOf(await s.control('deposits', { address: a.address, tag: a.tag, amount: '25' }), 201);
    const [seen] = await callbacks(1);
    assert.equal((seen!.body['transactions'] as Tx[])[0]!.tag, a.tag);
  });

  const refusals: Array<[string, unknown, number, string]> = [
    ['an unknown address', { address: 'bc1qnothing', amount: '1', outcome: 'confirmed' }, 404, 'address'],
    ['no address', { amount: '1', outcome: 'confirmed' }, 400, 'address'],
    ['no amount', { address: 'x', outcome: 'confirmed' }, 400, 'amount'],
    ['a negative amount', { address: 'x', amount: '-1', outcome: 'confirmed' }, 400, 'amount'],
    ['a non-decimal amount', { address: 'x', amount: '1e5', outcome: 'confirmed' }, 400, 'amount'],
    ['an amount as an object', { address: 'x', amount: { v: 1 }, outcome: 'confirmed' }, 400, 'amount'],
    ['an unknown outcome', { address: 'x', amount: '1', outcome: 'refunded' }, 400, 'outcome'],
    ['negative confirmations', { address: 'x', amount: '1', outcome: 'confirmed', confirmations: -3 }, 400, 'confirmations'],
    ['a body that is not JSON', 'address=x', 400, 'body'],
    ['an array body', '[1]', 400, 'body'],
  ];
  for (const [what, body, status, field] of refusals) {
    it(`refuses a deposit with ${what}: ${status} naming ${field}`, async () => {
      const answer = await s.control('deposits', body);
      assert.equal(answer.status, status, answer.text);
      assert.ok(errorsOf(answer)[field], answer.text);
    });
  }
});
