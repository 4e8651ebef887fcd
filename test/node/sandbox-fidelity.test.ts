/**
 * Issue 16: where the sandbox departed from the reference and CoinsPaid's published payloads, so that a merchant who
 * tested here was surprised live. Amounts at CoinsPaid's scale (fiat 8 decimals) and echoed padded; withdrawal
 * addresses validated; crypto→crypto conversion; futures deposits naming their futures; a callback's root id apart
 * from its transactions' ids. Over real HTTP, manual clock. (Empty bodies: sandbox-auth; the invoice text:
 * sandbox-invoices; \uXXXX escaping: sandbox-callbacks; terminal links built elsewhere: terminal-url.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Big from 'big.js';
import { verifyCallback } from '../../src/server/coinspaid/index.js';
import { apiKey, apiSecret, dataOf, errorsOf, invoiceBody } from '../helpers/sandbox-client.js';
import { useSandbox } from '../helpers/use-sandbox.js';

const DELAY = 30_000;
const s = useSandbox({ callbacks: true, confirmationDelayMs: DELAY });
const { clock, receiver } = s;

type Body = Record<string, unknown>;
type Money = { currency: string; amount: string; amount_minus_fee?: string };
type Leg = {
  id: number;
  type: string;
  transaction_type: string;
  currency: string;
  currency_to?: string;
  amount: string;
  amount_to?: string;
};
type Fee = { type: string; currency: string; amount: string };

const FIAT = /^\d+\.\d{8}$/;
const take = async (body: Body) =>
  dataOf<{ id: number; address: string; tag: string | null; convert_to: string | null }>(await s.api('addresses/take', body), 201);
const balance = async (currency: string) =>
  new Big(dataOf<Array<{ currency: string; balance: string }>>(await s.api('accounts/list')).find((b) => b.currency === currency)!.balance);
/** Pays `amount` to `address` and lets it confirm: the not_confirmed and confirmed callbacks. */
const depositAndConfirm = async (address: string, amount: string, extra: Body = {}) => {
  const answer = dataOf<{ transaction_id: number; callback_id: number }>(await s.control('deposits', { address, amount, ...extra }), 201);
  await s.delivered();
  clock.advance(DELAY);
  const [seen, final] = await s.settled(() => {
    const mine = receiver.bodies().filter((b) => b['id'] === answer.callback_id);
    return mine.length === 2 ? mine : undefined;
  }, `two callbacks of deposit ${answer.callback_id}`);
  return { answer, seen: seen!, final: final! };
};

describe('issue 16, item 1: amounts at CoinsPaid’s scale, echoed padded', () => {
  it('lists fiat balances with 8 decimals, crypto ones at their precision', async () => {
    const balances = dataOf<Array<{ currency: string; balance: string }>>(await s.api('accounts/list'));
    const of = (code: string) => balances.find((b) => b.currency === code)!.balance;
    assert.equal(of('EUR'), '125000.00000000');
    assert.equal(of('USD'), '80000.00000000');
    assert.equal(of('BTC'), '2.50000000');
    assert.equal(of('USDTT'), '50000.000000', 'USDT at its 6 decimals');
  });

  it('states fiat minimums in pairs and currencies with 8 decimals, as the reference’s "25.00000000"', async () => {
    const [pair] = dataOf<Array<{ currency_from: { min_amount: string } }>>(
      await s.api('currencies/pairs', { currency_from: 'EUR', currency_to: 'BTC' }),
    );
    assert.equal(pair!.currency_from.min_amount, '10.00000000');
    const eur = dataOf<Array<{ currency: string; minimum_amount: string }>>(await s.api('currencies/list')).find(
      (c) => c.currency === 'EUR',
    )!;
    assert.equal(eur.minimum_amount, '10.00000000');
  });

  it('answers exchanges with fiat at 8 decimals and the sender amount padded', async () => {
    const calc = dataOf<Record<string, string>>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.01' }),
    );
    assert.equal(calc['sender_amount'], '0.01000000');
    assert.match(calc['receiver_amount']!, FIAT);
    assert.match(calc['fee_amount']!, FIAT);
    const now = dataOf<Record<string, string>>(
      await s.api('exchange/now', { foreign_id: 'pad-now', sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100.5' }),
      201,
    );
    assert.equal(now['sender_amount'], '100.50000000');
    assert.match(now['fee_amount']!, FIAT);
    assert.match(now['receiver_amount']!, /^\d+\.\d{8}$/);
  });

  it('echoes a withdrawal’s amount padded, as the reference’s "0.01000000"', async () => {
    const w = dataOf<Record<string, string>>(
      await s.api('withdrawal/crypto', {
        foreign_id: 'pad-w',
        amount: '0.01',
        currency: 'ETH',
        address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      }),
      201,
    );
    assert.deepEqual([w['amount'], w['sender_amount'], w['receiver_amount']], ['0.01000000', '0.01000000', '0.01000000']);
  });

  it('answers an invoice’s amount padded, as CoinsPaid’s published "106.75000000"', async () => {
    const invoice = dataOf<{ amount: string; sender_amount: string }>(
      await s.api('invoices/create', invoiceBody('pad-inv', { sender_currency: 'BTC' })),
    );
    assert.equal(invoice.amount, '106.75000000');
    assert.match(invoice.sender_amount, /^0\.\d{8}$/);
  });

  it('sends deposit_exchange callbacks with every fiat figure at 8 decimals and the crypto sent padded', async () => {
    const a = await take({ foreign_id: 'pad-dx', currency: 'BTC', convert_to: 'EUR' });
    const before = await balance('EUR');
    const { seen, final } = await depositAndConfirm(a.address, '0.01');
    for (const body of [seen, final]) assert.deepEqual(body['currency_sent'], { currency: 'BTC', amount: '0.01000000' });
    const received = final['currency_received'] as Money;
    assert.match(received.amount, FIAT);
    assert.match(received.amount_minus_fee!, FIAT);
    const [chain, exchange] = final['transactions'] as Leg[];
    assert.equal(chain!.amount, '0.01000000');
    assert.equal(exchange!.amount_to, received.amount);
    const [fee] = final['fees'] as Fee[];
    assert.match(fee!.amount, FIAT);
    await s.delivered();
    assert.equal((await balance('EUR')).minus(before).toFixed(8), received.amount_minus_fee, 'credited to the last of 8 decimals');
  });
});

describe('issue 16, item 3: withdrawal addresses validated as the payout form validates them', () => {
  const withdraw = (extra: Body) =>
    s.api('withdrawal/crypto', {
      foreign_id: 'addr',
      amount: '0.01',
      currency: 'BTC',
      address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      ...extra,
    });

  it('refuses a payout to "not-an-address" with a 400 on address, debits nothing and leaves the foreign_id free', async () => {
    const before = await balance('BTC');
    const refused = await withdraw({ address: 'not-an-address' });
    assert.equal(refused.status, 400, refused.text);
    assert.match(errorsOf(refused)['address']!, /^The address is not a valid BTC address/);
    assert.ok((await balance('BTC')).eq(before), 'nothing debited');
    assert.equal((await withdraw({})).status, 201, 'the foreign_id is still free');
  });

  it('refuses a checksum typo and an address of another network, naming the network', async () => {
    const typo = await withdraw({ address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx' });
    assert.equal(typo.status, 400, typo.text);
    assert.ok(errorsOf(typo)['address']);
    const trc20 = await withdraw({ currency: 'USDTT', amount: '10', address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' });
    assert.equal(trc20.status, 400, trc20.text);
    assert.match(errorsOf(trc20)['address']!, /ethereum/);
  });

  it('validates the address of the currency sent, not of the balance it is paid from (withdrawal_exchange)', async () => {
    const eth = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
    const toBtc = await withdraw({ currency: 'EUR', amount: '100', convert_to: 'BTC', address: eth });
    assert.equal(toBtc.status, 400, toBtc.text);
    assert.match(errorsOf(toBtc)['address']!, /BTC/);
    assert.equal((await withdraw({ foreign_id: 'to-eth', currency: 'EUR', amount: '100', convert_to: 'ETH', address: eth })).status, 201);
  });

  it('accepts an XRP payout without a tag (the wallet may be the customer’s own) and refuses a malformed tag', async () => {
    const { address } = await take({ foreign_id: 'xrp-dest', currency: 'XRP' });
    const untagged = await withdraw({ foreign_id: 'xrp-1', currency: 'XRP', amount: '25', address });
    assert.equal(untagged.status, 201, untagged.text);
    const badTag = await withdraw({ foreign_id: 'xrp-2', currency: 'XRP', amount: '25', address, tag: 'twelve' });
    assert.equal(badTag.status, 400, badTag.text);
    assert.ok(errorsOf(badTag)['tag'], badTag.text);
    assert.equal((await withdraw({ foreign_id: 'xrp-3', currency: 'XRP', amount: '25', address, tag: '12345' })).status, 201);
  });
});

describe('issue 16, item 4: crypto→crypto conversion', () => {
  it('lists BTC→ETH in currencies/pairs and currencies/rates at the price exchange/calculate quotes', async () => {
    for (const endpoint of ['currencies/pairs', 'currencies/rates']) {
      const pairs = dataOf<Array<{ currency_from: Record<string, string>; currency_to: Record<string, string>; rate_to: string }>>(
        await s.api(endpoint, { currency_from: 'BTC', currency_to: 'ETH' }),
      );
      assert.equal(pairs.length, 1, endpoint);
      assert.equal(pairs[0]!.currency_to['type'], 'crypto');
      assert.ok(pairs[0]!.currency_from['min_amount_deposit_with_exchange']);
      const calc = dataOf<{ price: string }>(
        await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'ETH', sender_amount: '1' }),
      );
      assert.equal(pairs[0]!.rate_to, calc.price);
    }
    const fromEth = dataOf<Array<{ currency_to: { currency: string } }>>(await s.api('currencies/pairs', { currency_from: 'ETH' }));
    assert.ok(fromEth.some((p) => p.currency_to.currency === 'BTC') && fromEth.some((p) => p.currency_to.currency === 'EUR'));
    assert.ok(!fromEth.some((p) => p.currency_to.currency === 'ETH'), 'never a currency into itself');
  });

  it('quotes BTC→ETH as ETH per BTC, with the fee in the sender’s currency, and exchanges it now', async () => {
    const calc = dataOf<Record<string, string>>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'ETH', sender_amount: '0.5' }),
    );
    // BTC ≈ 85,000 EUR and ETH ≈ 2,800 EUR, each ±2 %: about 30 ETH per BTC.
    assert.ok(Number(calc['price']) > 28 && Number(calc['price']) < 33, calc['price']);
    assert.equal(calc['receiver_amount'], new Big('0.5').times(calc['price']!).round(8, Big.roundDown).toFixed(8));
    assert.equal(calc['fee_currency'], 'BTC');
    assert.equal(calc['fee_amount'], '0.00500000');
    const byReceiver = dataOf<Record<string, string>>(
      await s.api('exchange/calculate', { sender_currency: 'ETH', receiver_currency: 'BTC', receiver_amount: '0.003' }),
    );
    assert.ok(new Big(byReceiver['sender_amount']!).times(byReceiver['price']!).gte('0.003'), JSON.stringify(byReceiver));
    const [btc, eth] = [await balance('BTC'), await balance('ETH')];
    const x = dataOf<{ receiver_amount: string; sender_amount: string }>(
      await s.api('exchange/now', { foreign_id: 'b2e', sender_currency: 'BTC', receiver_currency: 'ETH', sender_amount: '0.5' }),
      201,
    );
    assert.ok((await balance('BTC')).eq(btc.minus('0.5')));
    assert.ok((await balance('ETH')).eq(eth.plus(x.receiver_amount)));
  });

  it('takes an ETH address converting to BTC and reports its deposits as deposit_exchange into BTC', async () => {
    const a = await take({ foreign_id: 'e2b', currency: 'ETH', convert_to: 'BTC' });
    assert.equal(a.convert_to, 'BTC');
    assert.equal(
      dataOf<{ id: number }>(await s.api('addresses/take', { foreign_id: 'e2b', currency: 'ETH', convert_to: 'BTC' }), 201).id,
      a.id,
      'reused',
    );
    clock.advance(60_000 - (clock.now() % 60_000) + 1000); // quote and deposit in one fix period
    const { price } = dataOf<{ price: string }>(
      await s.api('exchange/calculate', { sender_currency: 'ETH', receiver_currency: 'BTC', sender_amount: '1' }),
    );
    const before = await balance('BTC');
    const { final } = await depositAndConfirm(a.address, '0.5');
    assert.equal(final['type'], 'deposit_exchange');
    assert.deepEqual(final['currency_sent'], { currency: 'ETH', amount: '0.50000000' });
    const received = final['currency_received'] as Money;
    assert.equal(received.currency, 'BTC');
    assert.equal(received.amount, new Big('0.5').times(price).round(8, Big.roundDown).toFixed(8));
    // As CoinsPaid's published ETH→BTC deposit: the exchange fee in ETH, what is converted is what remains.
    assert.deepEqual(final['fees'], [{ type: 'exchange', currency: 'ETH', amount: '0.00500000' }]);
    assert.equal(received.amount_minus_fee, new Big('0.495').times(price).round(8, Big.roundDown).toFixed(8));
    const exchange = (final['transactions'] as Leg[]).find((t) => t.transaction_type === 'exchange')!;
    assert.deepEqual(
      [exchange.currency, exchange.currency_to, exchange.amount, exchange.amount_to],
      ['ETH', 'BTC', '0.50000000', received.amount],
    );
    await s.delivered();
    assert.equal((await balance('BTC')).minus(before).toFixed(8), received.amount_minus_fee);
  });

  it('lets an invoice in ETH be paid in BTC', async () => {
    const invoice = dataOf<{ id: number; sender_amount: string; amount: string }>(
      await s.api('invoices/create', invoiceBody('inv-e', { currency: 'ETH', amount: '1.5', sender_currency: 'BTC' })),
    );
    assert.equal(invoice.amount, '1.50000000');
    assert.ok(Number(invoice.sender_amount) > 0.04 && Number(invoice.sender_amount) < 0.06, invoice.sender_amount);
  });
});

describe('issue 16, item 5: futures deposits name their futures, as the published client fixture does', () => {
  const futuresDeposit = async (foreign_id: string, currency: string, convert_to: string, receiver_amount: string) => {
    const a = await take({ foreign_id, currency, convert_to });
    const confirmation = dataOf<{
      futures_id: number;
      sender_amount: string;
      receiver_amount: string;
      fee_amount: string;
      fee_currency: string;
    }>(await s.api('futures/confirm', { address: a.address, sender_currency: currency, receiver_currency: convert_to, receiver_amount }));
    return { a, confirmation, ...(await depositAndConfirm(a.address, confirmation.sender_amount)) };
  };

  it('adds futures_id and transaction_id (the root id) after status to both callbacks of a deposit that redeems futures', async () => {
    const { confirmation, seen, final, answer } = await futuresDeposit('fut-cb', 'BTC', 'EUR', '250');
    for (const body of [seen, final]) {
      assert.equal(body['futures_id'], confirmation.futures_id);
      assert.equal(body['transaction_id'], answer.callback_id);
      assert.equal(body['transaction_id'], body['id']);
      assert.deepEqual(Object.keys(body).slice(-3), ['status', 'futures_id', 'transaction_id']);
    }
    assert.ok(confirmation.futures_id < 1000, 'futures ids are small numbers of their own, as in the reference (92, 95)');
  });

  it('keeps them out of a deposit that does not redeem futures', async () => {
    const a = await take({ foreign_id: 'no-fut', currency: 'BTC', convert_to: 'EUR' });
    const { final } = await depositAndConfirm(a.address, '0.01');
    assert.equal('futures_id' in final, false);
    assert.equal('transaction_id' in final, false);
  });

  it('guarantees the whole receiver_amount of ETH→BTC futures, the fee charged in ETH on top (the published example)', async () => {
    const { confirmation, final } = await futuresDeposit('fut-e2b', 'ETH', 'BTC', '0.003');
    assert.equal(confirmation.fee_currency, 'ETH');
    assert.equal(confirmation.receiver_amount, '0.00300000');
    const received = final['currency_received'] as Money;
    assert.deepEqual([received.currency, received.amount, received.amount_minus_fee], ['BTC', '0.00300000', '0.00300000']);
    assert.deepEqual(final['fees'], [{ type: 'exchange', currency: 'ETH', amount: confirmation.fee_amount }]);
    assert.equal(final['futures_id'], confirmation.futures_id);
  });
});

describe('issue 16, item 6: a callback’s root id is not its transaction’s id', () => {
  it('numbers the deposit, its blockchain transaction and its address apart, each kept across its callbacks', async () => {
    const a = await take({ foreign_id: 'ids', currency: 'BTC' });
    const { answer, seen, final } = await depositAndConfirm(a.address, '0.01');
    const [seenTx] = seen['transactions'] as Leg[];
    const [finalTx] = final['transactions'] as Leg[];
    assert.equal(seen['id'], final['id'], 'the root id is the deposit’s: the same in not_confirmed and confirmed');
    assert.equal(seenTx!.id, finalTx!.id);
    assert.notEqual(final['id'], finalTx!.id, 'root id ≠ transactions[0].id, as 2686579 vs 714680 in the published payload');
    assert.equal(final['id'], answer.callback_id);
    assert.equal(finalTx!.id, answer.transaction_id);
    assert.equal((final['crypto_address'] as { id: number }).id, a.id);
    assert.equal(new Set([final['id'], finalTx!.id, a.id]).size, 3);
  });

  it('gives each deposit to a reused address its own root id, so root id + status tells callbacks apart', async () => {
    await s.control('config', { duplicate_callbacks: true });
    const a = await take({ foreign_id: 'dedup', currency: 'ETH' });
    const first = dataOf<{ callback_id: number }>(await s.control('deposits', { address: a.address, amount: '0.5' }), 201);
    const second = dataOf<{ callback_id: number }>(await s.control('deposits', { address: a.address, amount: '0.5' }), 201);
    clock.advance(DELAY);
    const bodies = await s.settled(() => (receiver.received.length === 8 ? receiver.bodies() : undefined), 'eight callbacks');
    assert.notEqual(first.callback_id, second.callback_id);
    const keys = bodies.map((b) => `${String(b['id'])}:${String(b['status'])}`);
    assert.equal(new Set(keys).size, 4, 'two deposits × two statuses, each delivered twice');
    assert.deepEqual(new Set(bodies.map((b) => b['id'])), new Set([first.callback_id, second.callback_id]));
  });

  it('settles a pending deposit by either of its ids', async () => {
    const a = await take({ foreign_id: 'either', currency: 'LTC' });
    const one = dataOf<{ transaction_id: number; callback_id: number }>(
      await s.control('deposits', { address: a.address, amount: '1', outcome: 'pending' }),
      201,
    );
    const two = dataOf<{ transaction_id: number; callback_id: number }>(
      await s.control('deposits', { address: a.address, amount: '1', outcome: 'pending' }),
      201,
    );
    assert.equal(
      dataOf<{ callback_id: number }>(await s.control(`deposits/${one.transaction_id}/settle`, { outcome: 'confirmed' })).callback_id,
      one.callback_id,
    );
    assert.equal(
      dataOf<{ transaction_id: number }>(await s.control(`deposits/${two.callback_id}/settle`, { outcome: 'cancelled' })).transaction_id,
      two.transaction_id,
    );
  });

  it('numbers withdrawals, their legs and their destination apart too', async () => {
    const w = dataOf<{ id: number }>(
      await s.api('withdrawal/crypto', {
        foreign_id: 'w-ids',
        amount: '100',
        currency: 'EUR',
        convert_to: 'BTC',
        address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      }),
      201,
    );
    await s.control(`withdrawals/${w.id}/settle`, { outcome: 'confirmed' });
    const cb = await s.settled(() => receiver.bodies().find((b) => b['id'] === w.id), 'the withdrawal callback');
    const ids = [cb['id'], (cb['crypto_address'] as { id: number }).id, ...(cb['transactions'] as Leg[]).map((t) => t.id)];
    assert.equal(new Set(ids).size, 4, JSON.stringify(ids));
  });
});

describe('issue 16: callbacks verify with the project’s own verifyCallback', () => {
  it('verifies and parses a crypto→crypto futures deposit', async () => {
    const a = await take({ foreign_id: 'verify', currency: 'ETH', convert_to: 'BTC' });
    const c = dataOf<{ sender_amount: string; futures_id: number }>(
      await s.api('futures/confirm', { address: a.address, sender_currency: 'ETH', receiver_currency: 'BTC', receiver_amount: '0.003' }),
    );
    await depositAndConfirm(a.address, c.sender_amount);
    for (const r of receiver.received) {
      const parsed = verifyCallback(r.raw, r.headers, { apiKey, apiSecret });
      assert.equal(parsed.type, 'deposit_exchange');
      assert.notEqual(parsed.id, parsed.transactions[0]!.id);
    }
  });
});
