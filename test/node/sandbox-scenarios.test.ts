/**
 * Issue 5, "Wrong amounts and timing", as the sandbox control API plays it, for a deposit address and for an
 * invoice: paid in full, underpaid (an amount or a fraction of what is expected), overpaid, paid late, double spent,
 * and paid in two parts. Also the hosted invoice page behind an invoice's url. Manual clock, real HTTP.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Big from 'big.js';
import { dataOf, errorsOf, invoiceBody } from '../helpers/sandbox-client.js';
import { startSandbox, useSandbox } from '../helpers/use-sandbox.js';

const DELAY = 30_000;
const s = useSandbox({ callbacks: true, confirmationDelayMs: DELAY });
const { clock, receiver } = s;

type Tx = { id: number; txid: string; amount: string; confirmations: string; transaction_type: string };
type Body = Record<string, unknown>;
const take = async (body: Body) => dataOf<{ address: string; tag: string | null; id: number }>(await s.api('addresses/take', body), 201);
const deposit = async (body: Body) =>
  dataOf<Record<string, unknown> & { transaction_id: number; callback_id: number; amount: string }>(await s.control('deposits', body), 201);
const byId = (id: number) => receiver.bodies().filter((b) => b['id'] === id);
const statuses = (id: number) => byId(id).map((b) => b['status']);
const sentOf = (b: Body) => (b['currency_sent'] as { amount: string }).amount;

describe('issue 5 on a deposit address', () => {
  it('pays in full: expected_amount alone sends exactly that, not_confirmed then confirmed', async () => {
    const a = await take({ foreign_id: 'full', currency: 'BTC' });
    const d = await deposit({ address: a.address, expected_amount: '0.0125' });
    assert.equal(d.amount, '0.01250000');
    assert.equal(d['remaining_amount'], '0.00000000');
    clock.advance(DELAY);
    await s.settled(() => byId(d.callback_id).length === 2, 'two callbacks');
    assert.deepEqual(statuses(d.callback_id), ['not_confirmed', 'confirmed']);
    assert.equal(sentOf(byId(d.callback_id)[1]!), '0.01250000');
  });

  it('underpays by a fraction of the expected amount (rounded down) or by a given amount, and says what remains', async () => {
    const a = await take({ foreign_id: 'under', currency: 'LTC' });
    const half = await deposit({ address: a.address, expected_amount: '1.00000001', fraction: '0.5' });
    assert.equal(half.amount, '0.50000000', 'short payments round down');
    assert.equal(half['remaining_amount'], '0.50000001');
    const b = await take({ foreign_id: 'under-2', currency: 'LTC' });
    const fixed = await deposit({ address: b.address, amount: '0.3' });
    assert.equal(fixed.amount, '0.30000000', 'padded, as CoinsPaid writes it');
    await s.settled(() => receiver.received.length === 2, 'two not_confirmed callbacks');
    assert.deepEqual(receiver.bodies().map(sentOf).sort(), ['0.30000000', '0.50000000']);
  });

  it('overpays with a fraction above 1 (rounded up)', async () => {
    const a = await take({ foreign_id: 'over', currency: 'ETH' });
    const d = await deposit({ address: a.address, expected_amount: '0.33333333', fraction: '1.2' });
    assert.equal(d.amount, '0.40000000');
    assert.equal(d['remaining_amount'], '0.00000000');
  });

  it('pays in two parts: underpay, then the remainder, each its own transaction going not_confirmed → confirmed', async () => {
    const a = await take({ foreign_id: 'parts', currency: 'XRP' });
    const first = await deposit({ address: a.address, tag: a.tag, expected_amount: '100', fraction: '0.4' });
    assert.equal(first['remaining_amount'], '60.000000');
    // Each delivery lands before the next is sent, so the received order is the sent order.
    await s.settled(() => receiver.received.length === 1, 'the first not_confirmed');
    clock.advance(DELAY);
    await s.settled(() => receiver.received.length === 2, 'the first confirmed');
    const second = await deposit({ address: a.address, tag: a.tag, remainder: true });
    assert.equal(second.amount, '60.000000');
    assert.equal(second['remaining_amount'], '0.000000');
    await s.settled(() => receiver.received.length === 3, 'the second not_confirmed');
    clock.advance(DELAY);
    await s.settled(() => receiver.received.length === 4, 'four callbacks');
    assert.notEqual(first.transaction_id, second.transaction_id);
    assert.deepEqual(statuses(first.callback_id), ['not_confirmed', 'confirmed']);
    assert.deepEqual(statuses(second.callback_id), ['not_confirmed', 'confirmed']);
    const [tx1, tx2] = [first, second].map((d) => (byId(d.callback_id)[1]!['transactions'] as Tx[])[0]!);
    assert.notEqual(tx1!.txid, tx2!.txid);
    assert.deepEqual([tx1!.amount, tx2!.amount], ['40.000000', '60.000000']);
    // Paid off: nothing remains, and a new expected amount starts afresh.
    const none = await s.control('deposits', { address: a.address, tag: a.tag, remainder: true });
    assert.equal(none.status, 400);
    assert.ok(errorsOf(none)['remainder']);
  });

  it('refuses a remainder with nothing expected, and a fraction without an expected amount', async () => {
    const a = await take({ foreign_id: 'no-exp', currency: 'BTC' });
    assert.ok(errorsOf(await s.control('deposits', { address: a.address, remainder: true }))['remainder']);
    assert.ok(errorsOf(await s.control('deposits', { address: a.address, fraction: '0.5' }))['fraction']);
    assert.ok(errorsOf(await s.control('deposits', { address: a.address, amount: '1', remainder: true }))['amount']);
    assert.ok(errorsOf(await s.control('deposits', { address: a.address }))['amount']);
  });

  it('refuses an amount finer than the currency carries (a ninth BTC decimal), accepts trailing zeros', async () => {
    const a = await take({ foreign_id: 'too-fine', currency: 'BTC' });
    assert.match(
      errorsOf(await s.control('deposits', { address: a.address, amount: '0.001149948', outcome: 'confirmed' }))['amount']!,
      /BTC has 8 decimals/,
    );
    assert.equal((await s.control('deposits', { address: a.address, amount: '0.0011499400', outcome: 'confirmed' })).status, 201);
  });

  it('double spends: outcome pending stays not_confirmed until settled cancelled, and no longer counts towards the total', async () => {
    const a = await take({ foreign_id: 'ds', currency: 'BTC' });
    const d = await deposit({ address: a.address, expected_amount: '0.02', outcome: 'pending' });
    clock.advance(10 * DELAY);
    await s.delivered();
    assert.deepEqual(statuses(d.callback_id), ['not_confirmed']);
    dataOf(await s.control(`deposits/${d.transaction_id}/settle`, { outcome: 'cancelled' }));
    await s.settled(() => byId(d.callback_id).length === 2, 'the cancelled callback');
    const final = byId(d.callback_id)[1]!;
    assert.equal(final['status'], 'cancelled');
    assert.match(String(final['error']), /double spend/);
    assert.equal((await s.control(`deposits/${d.transaction_id}/settle`, { outcome: 'confirmed' })).status, 400, 'final');
    assert.equal((await s.control('deposits/999999/settle', { outcome: 'confirmed' })).status, 404);
    const again = await deposit({ address: a.address, remainder: true });
    assert.equal(again.amount, '0.02000000', 'the cancelled part is owed again');
  });

  it('pays late: after_seconds past the rate window, converted at the price of the window it is seen in', async () => {
    const a = await take({ foreign_id: 'late', currency: 'BTC', convert_to: 'EUR' });
    const quote = dataOf<{ price: string; ts_release: number }>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.01' }),
    );
    const after = quote.ts_release - Math.floor(clock.now() / 1000) + 30;
    const d = await deposit({ address: a.address, amount: '0.01', after_seconds: after });
    assert.equal(d['seen_at'], quote.ts_release + 30);
    clock.advance((after - 1) * 1000);
    await s.delivered();
    assert.equal(receiver.received.length, 0, 'not seen before after_seconds');
    clock.advance(1000);
    const [seen] = await s.settled(() => (receiver.received.length ? receiver.received : undefined), 'the late not_confirmed');
    const later = dataOf<{ price: string }>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.01' }),
    );
    assert.notEqual(later.price, quote.price);
    const received = (seen!.body['currency_received'] as { amount: string }).amount;
    assert.equal(received, new Big('0.01').times(later.price).round(8, Big.roundDown).toFixed(8));
  });
});

describe('issue 5 on an invoice', () => {
  type Invoice = { id: number; status: string; fixed_at: number; release_at: number; sender_amount: string; address: string; url: string };
  const create = async (foreign_id: string, extra: Body = {}) =>
    dataOf<Invoice>(await s.api('invoices/create', invoiceBody(foreign_id, { sender_currency: 'BTC', ...extra })));
  const pay = async (id: number, body: Body) =>
    dataOf<Invoice & { payment: { transaction_id: number; amount: string } }>(await s.control(`invoices/${id}/pay`, body));

  it('pays in two parts on a good_until_expired invoice: pending with remaining_amount, then processing and confirmed with both transactions', async () => {
    const inv = await create('inv-parts', { type: 'good_until_expired' });
    const first = await pay(inv.id, { fraction: '0.5' });
    assert.equal(first.status, 'pending');
    assert.equal(first.release_at, inv.release_at, 'a partial payment does not extend the timer');
    await s.settled(() => byId(inv.id).length === 1, 'pending');
    clock.advance(DELAY);
    await s.delivered();
    assert.deepEqual(statuses(inv.id), ['pending', 'pending'], 'seen, then confirmed but still short');
    const pending = byId(inv.id)[1]!;
    const due = new Big(inv.sender_amount);
    assert.equal((pending['currency_sent'] as { remaining_amount: string }).remaining_amount, due.minus(first.payment.amount).toFixed(8));
    const second = await pay(inv.id, { remainder: true });
    assert.equal(second.status, 'processing');
    assert.equal(second.release_at, inv.fixed_at + 86_400);
    clock.advance(DELAY);
    const final = await s.settled(() => byId(inv.id).find((b) => b['status'] === 'confirmed'), 'confirmed');
    const txs = final['transactions'] as Tx[];
    assert.deepEqual(
      txs.map((t) => t.id),
      [first.payment.transaction_id, second.payment.transaction_id],
    );
    assert.notEqual(txs[0]!.txid, txs[1]!.txid);
    assert.ok(txs.every((t) => t.confirmations === '3'));
    assert.equal(new Big(txs[0]!.amount).plus(txs[1]!.amount).toFixed(8), inv.sender_amount);
    assert.equal((final['currency_sent'] as { remaining_amount: string }).remaining_amount, '0.00000000');
  });

  it('fails a good_until_expired invoice still short at release_at with "Timer expired. User paid less than requested."', async () => {
    const inv = await create('inv-short-timer', { type: 'good_until_expired' });
    await pay(inv.id, { fraction: '0.5' });
    clock.advance(inv.release_at * 1000 - clock.now());
    const failed = await s.settled(() => byId(inv.id).find((b) => b['status'] === 'failed'), 'failed');
    assert.equal(failed['error'], 'Timer expired. User paid less than requested.');
  });

  it('fails a fill_or_kill invoice when its short payment confirms', async () => {
    const inv = await create('inv-fok');
    await pay(inv.id, { amount: '0.00001' });
    await s.settled(() => byId(inv.id).length === 1, 'pending');
    clock.advance(DELAY);
    const failed = await s.settled(() => byId(inv.id).find((b) => b['status'] === 'failed'), 'failed');
    assert.equal(failed['error'], 'Timer expired. User paid less than requested.');
    assert.deepEqual(statuses(inv.id), ['pending', 'failed']);
  });

  it('pays late: a payment seen after release_at finds the invoice failed, sends no callback and is kept as late', async () => {
    const inv = await create('inv-late');
    const answer = await pay(inv.id, { after_seconds: inv.release_at - Math.floor(clock.now() / 1000) + 60 });
    assert.equal(answer.status, 'created');
    clock.advance((inv.release_at + 60) * 1000 - clock.now() + DELAY);
    await s.delivered();
    assert.deepEqual(statuses(inv.id), ['failed']);
    assert.equal(byId(inv.id)[0]!['error'], 'Timer expired. User not paid.');
    assert.equal((await s.control(`invoices/${inv.id}/pay`, {})).status, 400, 'a failed invoice takes no more payments');
  });

  it('double spends: the payment is seen (processing), then cancelled, and the invoice fails', async () => {
    const inv = await create('inv-ds');
    await pay(inv.id, { outcome: 'cancelled' });
    await s.settled(() => byId(inv.id).length === 1, 'processing');
    clock.advance(DELAY);
    const failed = await s.settled(() => byId(inv.id).find((b) => b['status'] === 'failed'), 'failed');
    assert.deepEqual(statuses(inv.id), ['processing', 'failed']);
    assert.match(String(failed['error']), /double spend/);
  });

  it('settles mempool payments with a later bare outcome instead of paying again', async () => {
    const inv = await create('inv-held');
    await pay(inv.id, { outcome: 'mempool' });
    const settled = dataOf<{ settled: number[] }>(await s.control(`invoices/${inv.id}/pay`, { outcome: 'confirmed' }));
    assert.equal(settled.settled.length, 1);
    clock.advance(DELAY);
    const final = await s.settled(() => byId(inv.id).find((b) => b['status'] === 'confirmed'), 'confirmed');
    assert.equal((final['transactions'] as Tx[]).length, 1);
  });

  it('lets the customer pick the currency of an invoice without sender_currency, fixing rate and address then', async () => {
    const inv = dataOf<{ id: number; address: string | null }>(await s.api('invoices/create', invoiceBody('inv-pick')));
    assert.equal(inv.address, null);
    const paid = await pay(inv.id, { currency: 'ETH' });
    assert.match(paid.address, /^0x[0-9a-fA-F]{40}$/);
    const seen = await s.settled(() => byId(inv.id)[0], 'processing');
    assert.equal((seen['crypto_address'] as { currency: string }).currency, 'ETH');
    assert.equal((await s.control(`invoices/${inv.id}/pay`, { currency: 'BTC', amount: '1' })).status, 400, 'paid in ETH now');
  });
});

describe('the hosted invoice page at the invoice url', () => {
  it('serves a page naming the invoice, the amount to pay, the address and the status, with no script', async () => {
    const inv = dataOf<{ id: number; url: string; sender_amount: string; address: string }>(
      await s.api(
        'invoices/create',
        invoiceBody('page-1', { sender_currency: 'BTC', title: 'Order <b>42</b>', description: '"quoted" & more' }),
      ),
    );
    const response = await fetch(inv.url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await response.text();
    assert.ok(html.includes('Order &lt;b&gt;42&lt;/b&gt;'), 'title escaped');
    assert.ok(!html.includes('<b>42'));
    assert.ok(html.includes('&quot;quoted&quot; &amp; more'));
    assert.ok(html.includes(`${inv.sender_amount} BTC`));
    assert.ok(html.includes(inv.address));
    assert.ok(html.includes('data-status="created"'));
    assert.ok(!/<script/i.test(html));
  });

  it('shows the outcome and the way back once the invoice is final', async () => {
    const inv = dataOf<{ id: number; url: string }>(await s.api('invoices/create', invoiceBody('page-2')));
    await s.control(`invoices/${inv.id}/expire`);
    const html = await (await fetch(inv.url)).text();
    assert.ok(html.includes('data-status="failed"'));
    assert.ok(html.includes('Timer expired. User not paid.'));
    assert.ok(html.includes('href="https://shop.example/failed"'));
  });

  it('answers 404 for an unknown invoice code', async () => {
    assert.equal((await fetch(`${s.url}/invoice/nope`)).status, 404);
  });

  it('is served under the mount point, at the url invoices/create returns', async () => {
    const mounted = await startSandbox({ clock, mountPath: '/sandbox' });
    try {
      const inv = dataOf<{ url: string }>(await mounted.api('invoices/create', invoiceBody('page-3')));
      assert.ok(inv.url.startsWith(`${mounted.origin}/sandbox/invoice/`), inv.url);
      assert.equal((await fetch(inv.url)).status, 200);
    } finally {
      await mounted.close();
    }
  });
});
