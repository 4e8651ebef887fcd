/**
 * The invoice lifecycle as the control API plays it: expiry at release_at, processing once the whole amount is in
 * the mempool (release_at moved to fixed_at + 24 h), confirmed, underpaid, overpaid, stuck, expired on demand; an
 * invoice callback shaped like the reference's at every step. Manual clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../helpers/manual-clock.js';
import { dataOf, errorsOf, invoiceBody } from '../helpers/sandbox-client.js';
import { startSandbox, useSandbox } from '../helpers/use-sandbox.js';

const DELAY = 30_000;
const s = useSandbox({ callbacks: true, confirmationDelayMs: DELAY });
const { clock, receiver } = s;

type Tx = { id: number; txid: string; confirmations: number | string; amount: string; address: string; tag: string | null; type: string };

describe('sandbox invoices: lifecycle', () => {
  type Invoice = {
    id: number;
    status: string;
    fixed_at: number;
    release_at: number;
    sender_amount: string | null;
    address?: string | null;
  };
  const create = async (foreign_id: string, extra: Record<string, unknown> = {}) =>
    dataOf<Invoice>(await s.api('invoices/create', invoiceBody(foreign_id, extra)));
  const statusesOf = (id: number) =>
    receiver
      .bodies()
      .filter((b) => b['id'] === id)
      .map((b) => b['status']);
  const finalOf = (id: number) =>
    s.settled(
      () => receiver.bodies().find((b) => b['id'] === id && (b['status'] === 'confirmed' || b['status'] === 'failed')),
      'a final invoice callback',
    );

  it('fails an unpaid invoice at release_at with "Timer expired. User not paid." — not a second earlier', async () => {
    const inv = await create('inv-expire');
    clock.advance(inv.release_at * 1000 - clock.now() - 1000);
    await s.delivered();
    assert.deepEqual(statusesOf(inv.id), []);
    clock.advance(1000);
    const failed = await finalOf(inv.id);
    assert.equal(failed['type'], 'invoice');
    assert.equal(failed['status'], 'failed');
    assert.equal(failed['error'], 'Timer expired. User not paid.');
    assert.equal(failed['foreign_id'], 'inv-expire');
  });

  it('goes processing when the whole amount is seen in the mempool, extends release_at to fixed_at + 24 h, and does not expire at 15 minutes', async () => {
    const inv = await create('inv-mempool', { sender_currency: 'BTC' });
    const seen = dataOf<Invoice>(await s.control(`invoices/${inv.id}/pay`, { outcome: 'mempool' }));
    assert.equal(seen.status, 'processing');
    assert.equal(seen.release_at, inv.fixed_at + 86_400);
    await s.settled(() => statusesOf(inv.id).includes('processing'), 'the processing callback');
    clock.advance(16 * 60_000);
    await s.delivered();
    assert.deepEqual(statusesOf(inv.id), ['processing']);
    const processing = receiver.bodies().find((b) => b['id'] === inv.id)!;
    assert.equal(processing['expires_at'], inv.fixed_at + 86_400);
    assert.equal((processing['transactions'] as Tx[])[0]!.confirmations, '0');
  });

  it('fails a payment stuck in processing at the 24-hour mark with the reference text', async () => {
    const inv = await create('inv-24h', { sender_currency: 'BTC' });
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'mempool' });
    clock.advance((inv.fixed_at + 86_400) * 1000 - clock.now());
    const failed = await finalOf(inv.id);
    assert.equal(failed['error'], 'Timer expired. Transactions were in status processing too long.');
  });

  it('confirms a paid invoice through processing → confirmed, shaped like the reference, and credits the merchant', async () => {
    const eur = async () =>
      Number(dataOf<Array<{ currency: string; balance: string }>>(await s.api('accounts/list')).find((b) => b.currency === 'EUR')!.balance);
    const before = await eur();
    const inv = await create('inv-paid', { sender_currency: 'LTC' });
    dataOf(await s.control(`invoices/${inv.id}/pay`, { outcome: 'confirmed' }));
    await s.settled(() => statusesOf(inv.id).length === 1, 'processing');
    clock.advance(DELAY);
    const final = await finalOf(inv.id);
    assert.equal(final['status'], 'confirmed');
    assert.equal(final['error'], '');
    assert.deepEqual(statusesOf(inv.id), ['processing', 'confirmed']);
    assert.deepEqual(final['currency_received'], { currency: 'EUR', amount: '106.75000000' });
    assert.deepEqual(final['currency_sent'], { currency: 'LTC', amount: inv.sender_amount, remaining_amount: '0.00000000' });
    const address = final['crypto_address'] as { currency: string; convert_to: string; address: string; tag: null };
    assert.equal(address.currency, 'LTC');
    assert.equal(address.convert_to, 'EUR');
    assert.equal(address.address, inv.address);
    const [tx] = final['transactions'] as Tx[];
    assert.equal(tx!.amount, inv.sender_amount);
    assert.equal(tx!.confirmations, '6');
    assert.equal((final['fees'] as Array<{ type: string }>)[0]!.type, 'fee_crypto_deposit');
    assert.equal(final['foreign_id'], 'inv-paid');
    assert.equal(typeof final['fixed_at'], 'number');
    assert.ok((await eur()) - before > 106);
  });

  it('fails an underpaid invoice with CoinsPaid’s published "Timer expired. User paid less than requested."', async () => {
    const inv = await create('inv-under', { sender_currency: 'BTC' });
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'underpaid' });
    clock.advance(DELAY);
    const failed = await finalOf(inv.id);
    assert.equal(failed['status'], 'failed');
    assert.equal(failed['error'], 'Timer expired. User paid less than requested.');
  });

  it('fails a fill_or_kill invoice paid short with an explicit amount', async () => {
    const inv = await create('inv-short', { sender_currency: 'BTC' });
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'confirmed', amount: '0.00000100' });
    clock.advance(DELAY);
    assert.equal((await finalOf(inv.id))['error'], 'Timer expired. User paid less than requested.');
  });

  it('confirms an overpaid invoice and reports what was sent in its transaction, nothing remaining', async () => {
    const inv = await create('inv-over', { sender_currency: 'BTC' });
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'overpaid' });
    clock.advance(DELAY);
    const final = await finalOf(inv.id);
    assert.equal(final['status'], 'confirmed');
    assert.ok(Number((final['transactions'] as Tx[])[0]!.amount) > Number(inv.sender_amount));
    assert.equal((final['currency_sent'] as { remaining_amount: string }).remaining_amount, '0.00000000');
  });

  it('fails an invoice whose payment stays in processing too long', async () => {
    const inv = await create('inv-stuck', { sender_currency: 'BTC' });
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'failed' });
    clock.advance(DELAY);
    assert.equal((await finalOf(inv.id))['error'], 'Timer expired. Transactions were in status processing too long.');
  });

  it('expires an invoice on demand, then refuses to pay or expire it again', async () => {
    const inv = await create('inv-now');
    const expired = dataOf<Invoice>(await s.control(`invoices/${inv.id}/expire`));
    assert.equal(expired.status, 'failed');
    assert.equal((await finalOf(inv.id))['error'], 'Timer expired. User not paid.');
    assert.equal((await s.control(`invoices/${inv.id}/pay`, { outcome: 'confirmed' })).status, 400);
    assert.equal((await s.control(`invoices/${inv.id}/expire`)).status, 400);
  });

  it('refuses to pay an unknown invoice (404), a bad id or outcome (400)', async () => {
    assert.equal((await s.control('invoices/999999/pay', { outcome: 'confirmed' })).status, 404);
    assert.equal((await s.control('invoices/x/pay', { outcome: 'confirmed' })).status, 400);
    const inv = await create('inv-bad');
    const bad = await s.control(`invoices/${inv.id}/pay`, { outcome: 'stolen' });
    assert.equal(bad.status, 400);
    assert.ok(errorsOf(bad)['outcome']);
    assert.equal((await s.control(`invoices/${inv.id}/pay`, { outcome: 'confirmed', amount: '-1' })).status, 400);
  });

  it('clears pending invoice timers on dispose', async () => {
    const own = new ManualClock();
    const sandbox = await startSandbox({ clock: own });
    await sandbox.api('invoices/create', invoiceBody('dispose-me'));
    assert.ok(own.pendingTimers > 0);
    await sandbox.close();
    assert.equal(own.pendingTimers, 0);
  });

  // From the former emulator suite, where it ran on a scaled clock.
  it('extends an invoice to 24 hours once a payment is seen, then confirms it', async () => {
    const inv = await create('inv-paid-24h', { sender_currency: 'LTC' });
    const seen = dataOf<Invoice>(await s.control(`invoices/${inv.id}/pay`, { outcome: 'mempool' }));
    assert.equal(seen.release_at - inv.fixed_at, 86_400);
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'confirmed' });
    await s.delivered();
    clock.advance(DELAY);
    await s.settled(() => statusesOf(inv.id).includes('confirmed'), 'confirmed');
    // The reference: processing once the transaction is in the mempool, confirmed once it confirms.
    assert.deepEqual(statusesOf(inv.id), ['processing', 'confirmed']);
  });
});
