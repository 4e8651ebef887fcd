import Big from 'big.js';
import type {
  CallbackPayload,
  CryptoAddress,
  Exchange,
  FuturesConfirmation,
  FuturesRates,
  Invoice,
  InvoiceStatus,
  Withdrawal,
} from '../../core/api-types.js';
import type { Clock, ClockTimer } from '../../core/clock.js';
import { generateAddress } from './addresses.js';
import type { CallbackSender } from './callbacks.js';
import {
  buysCrypto,
  convert,
  EXCHANGE_FEE_PERCENT,
  findCurrency,
  isExchangeable,
  FIX_PERIOD_SECONDS,
  inEur,
  price,
  SANDBOX_CURRENCIES,
  senderFor,
  toPrecision,
  windowStart,
} from './catalogue.js';

/**
 * The sandbox's merchant account: addresses, balances, withdrawals, exchanges, futures and invoices, and the
 * callbacks their changes cause. Routes validate input; this class applies it.
 */

export const INVOICE_TIMER_SECONDS = 15 * 60;
export const INVOICE_EXTENDED_SECONDS = 24 * 60 * 60;
export const FUTURES_WINDOW_SECONDS = 100 * 60;
export const FUTURES_LIMIT_EUR = '10000';
const FUTURES_AMOUNTS = ['5', '10', '20', '50', '100', '200', '300', '500', '1000', '2000', '5000', '10000'];

const INITIAL_BALANCES: Record<string, string> = {
  BTC: '2.50000000',
  LTC: '150.00000000',
  BCH: '40.00000000',
  DOGE: '250000.00000000',
  ETH: '35.00000000',
  USDTE: '50000.000000',
  USDTT: '50000.000000',
  XRP: '40000.000000',
  EUR: '125000.00',
  USD: '80000.00',
};

export class SandboxError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly errors: Record<string, string>,
  ) {
    super(Object.values(errors).join(' '));
  }
}

interface DepositRecord extends CryptoAddress {
  counter: number;
  /** What the customer owes on this address, set by deposits that name an expected_amount (two-part payments). */
  expectation?: { expected: string; paid: Big };
}

export type DepositOutcome = 'confirmed' | 'cancelled' | 'pending';

export interface DepositInput {
  /** The amount sent; or leave it out and give expected_amount (with fraction, or remainder). */
  amount?: string;
  expected_amount?: string;
  /** Share of expected_amount sent: "0.5" underpays by half, "1.2" overpays by a fifth. Default "1". */
  fraction?: string;
  /** Sends what is still owed on the address's last expected_amount. */
  remainder?: boolean;
  /** confirmed / cancelled after the confirmation delay; pending stays not_confirmed until settled. */
  outcome: DepositOutcome;
  tag?: string | null;
  txid?: string;
  confirmations?: number;
  /** Sandbox-clock seconds before the transaction is seen: a payment made late, after a rate window. */
  after_seconds?: number;
}

interface PendingDeposit {
  id: number;
  status: 'scheduled' | 'not_confirmed' | 'confirmed' | 'cancelled';
  settle?: (outcome: 'confirmed' | 'cancelled') => void;
  counted?: { expectation: { paid: Big }; amount: string };
}

interface FuturesRecord extends FuturesConfirmation {
  used: boolean;
}

export interface InvoiceRecord extends Invoice {
  code: string;
  timer: boolean;
  type: 'fill_or_kill' | 'good_until_expired';
  email_user: string;
  url_success: string;
  url_failed: string;
  description: string | null;
  /** The currency the customer pays in (sender_currency, or the first payment's) and what is due in it. */
  paid_currency: string | null;
  due_amount: string | null;
  /** The deposit address (record id) the customer pays to. */
  address_id: number | null;
  error: string;
  payments: InvoicePayment[];
  /** Payments seen after the invoice had already failed: CoinsPaid refunds them by e-mail; no callback. */
  late_payments: InvoicePayment[];
}

export interface InvoicePayment {
  id: number;
  amount: string;
  txid: string;
  status: 'seen' | 'confirmed' | 'cancelled';
  /** Seen with outcome mempool: waits in the mempool until a later pay call settles it. */
  held?: boolean;
}

export type InvoicePayOutcome = 'mempool' | 'confirmed' | 'underpaid' | 'overpaid' | 'failed' | 'cancelled';

export interface InvoicePayInput {
  outcome: InvoicePayOutcome;
  currency?: string;
  amount?: string;
  fraction?: string;
  remainder?: boolean;
  txid?: string;
  after_seconds?: number;
}

export interface SandboxStateOptions {
  seed: number;
  clock: Clock;
  callbacks: CallbackSender;
  confirmationDelayMs: number;
}

/** CoinsPaid-style confirmation counts for a final deposit. */
const CONFIRMATIONS: Record<string, number> = { BTC: 3, LTC: 6, BCH: 6, DOGE: 20, ETH: 12, USDTE: 12, USDTT: 19, XRP: 1 };

export class SandboxState {
  readonly #o: SandboxStateOptions;
  #nextId = 1000;
  #addressCounter = 0;
  #timers = new Set<ClockTimer>();
  readonly addressesByValue = new Map<string, DepositRecord>();
  readonly #addressesByKey = new Map<string, DepositRecord>();
  readonly balances = new Map<string, Big>();
  readonly #foreignIds = new Map<string, Set<string>>();
  readonly withdrawals = new Map<number, Withdrawal & { address: string; tag: string | null }>();
  readonly invoices = new Map<number, InvoiceRecord>();
  readonly #futures = new Map<string, FuturesRecord>();
  /** A literal address the next addresses/take returns (tests feed hostile strings through it). */
  addressOverride: { address: string; tag: string | null } | null = null;

  constructor(options: SandboxStateOptions) {
    this.#o = options;
    for (const [code, amount] of Object.entries(INITIAL_BALANCES)) this.balances.set(code, new Big(amount));
  }

  get now(): number {
    return Math.floor(this.#o.clock.now() / 1000);
  }

  nextId(): number {
    return this.#nextId++;
  }

  #later(ms: number, fn: () => void): void {
    const timer = this.#o.clock.setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  dispose(): void {
    for (const timer of this.#timers) this.#o.clock.clearTimeout(timer);
    this.#timers.clear();
  }

  #assertForeignIdFree(kind: string, foreignId: string): void {
    if (this.#foreignIds.get(kind)?.has(foreignId)) throw new SandboxError(400, { foreign_id: 'The foreign id has already been taken.' });
  }

  /** Marks a foreign_id used. Call it only once nothing else can refuse the request: a refusal leaves it free. */
  #claimForeignId(kind: string, foreignId: string): void {
    this.#assertForeignIdFree(kind, foreignId);
    const used = this.#foreignIds.get(kind) ?? new Set<string>();
    this.#foreignIds.set(kind, used);
    used.add(foreignId);
  }

  #credit(code: string, amount: Big | string): void {
    this.balances.set(code, (this.balances.get(code) ?? new Big(0)).plus(amount));
  }

  #debit(code: string, amount: Big | string, field: string): void {
    const balance = this.balances.get(code) ?? new Big(0);
    if (balance.lt(amount))
      throw new SandboxError(400, { [field]: `Insufficient balance: ${toPrecision(balance, code)} ${code} available.` });
    this.balances.set(code, balance.minus(amount));
  }

  price(from: string, to: string): { price: string; ts_fixed: number } {
    const ts_fixed = windowStart(this.now);
    return { price: price(this.#o.seed, from, to, ts_fixed), ts_fixed };
  }

  // ── addresses ──────────────────────────────────────────────────────────────────────────────────────────
  takeAddress(foreignId: string, currency: string, convertTo: string | null): CryptoAddress {
    const key = `${foreignId}\u0000${currency}\u0000${convertTo ?? ''}`;
    const existing = this.#addressesByKey.get(key);
    if (existing && !this.addressOverride) return publicAddress(existing);
    const counter = ++this.#addressCounter;
    const override = this.addressOverride;
    this.addressOverride = null;
    const tag = override ? override.tag : findCurrency(currency)?.requires_tag ? String(100000 + counter) : null;
    const record: DepositRecord = {
      id: this.nextId(),
      currency,
      convert_to: convertTo,
      address: override?.address ?? generateAddress(currency, this.#o.seed, counter),
      tag,
      foreign_id: foreignId,
      counter,
    };
    this.#addressesByKey.set(key, record);
    this.addressesByValue.set(record.address, record);
    return publicAddress(record);
  }

  // ── exchange ───────────────────────────────────────────────────────────────────────────────────────────
  /**
   * The reference's arithmetic: receiver_amount is sender_amount at the price (no fee taken out of it), and
   * fee_amount is CoinsPaid's 1 % stated beside it, in the fiat currency of the pair whichever way it goes (its
   * exchange callbacks charge EUR both buying and selling BTC for EUR).
   */
  calculate(from: string, to: string, senderAmount: string | undefined, receiverAmount: string | undefined) {
    const { price: p, ts_fixed } = this.price(from, to);
    let sender: string;
    let receiver: string;
    if (senderAmount !== undefined) {
      sender = senderAmount;
      receiver = toPrecision(convert(senderAmount, from, to, p), to);
    } else {
      receiver = receiverAmount!;
      sender = toPrecision(senderFor(receiver, from, to, p), from, Big.roundUp);
    }
    const [fiat, fiatAmount] = buysCrypto(from, to) ? [from, sender] : [to, receiver];
    return {
      sender_amount: sender,
      sender_currency: from,
      receiver_amount: receiver,
      receiver_currency: to,
      fee_amount: toPrecision(new Big(fiatAmount).times(EXCHANGE_FEE_PERCENT).div(100), fiat),
      fee_currency: fiat,
      price: p,
      ts_fixed,
      ts_release: ts_fixed + FIX_PERIOD_SECONDS,
      fix_period: FIX_PERIOD_SECONDS,
    };
  }

  exchange(foreignId: string, from: string, to: string, senderAmount: string, fixedPrice: string | null): Exchange {
    const calc = this.calculate(from, to, senderAmount, undefined);
    if (fixedPrice !== null && !new Big(fixedPrice).eq(calc.price)) {
      throw new SandboxError(400, { price: 'The price has changed. Request a new calculation.' });
    }
    this.#assertForeignIdFree('exchange', foreignId);
    this.#debit(from, senderAmount, 'sender_amount');
    this.#claimForeignId('exchange', foreignId);
    this.#credit(to, calc.receiver_amount);
    const exchange: Exchange = {
      id: this.nextId(),
      foreign_id: foreignId,
      type: 'exchange',
      sender_amount: senderAmount,
      sender_currency: from,
      receiver_amount: calc.receiver_amount,
      receiver_currency: to,
      fee_amount: calc.fee_amount,
      fee_currency: calc.fee_currency,
      price: calc.price,
      status: 'processing',
    };
    const txId = this.nextId();
    this.#later(this.#o.confirmationDelayMs, () =>
      this.#o.callbacks.send({
        id: exchange.id,
        type: 'exchange',
        status: 'confirmed',
        error: '',
        foreign_id: foreignId,
        currency_sent: { currency: from, amount: senderAmount },
        currency_received: { currency: to, amount: calc.receiver_amount },
        transactions: [
          {
            id: txId,
            currency: from,
            currency_to: to,
            transaction_type: 'exchange',
            type: 'exchange',
            amount: senderAmount,
            amount_to: calc.receiver_amount,
          },
        ],
        fees: [{ type: 'exchange', currency: calc.fee_currency, amount: calc.fee_amount }],
      }),
    );
    return exchange;
  }

  // ── withdrawals ────────────────────────────────────────────────────────────────────────────────────────
  withdraw(foreignId: string, currency: string, amount: string, convertTo: string | null, address: string, tag: string | null): Withdrawal {
    const receiverCurrency = convertTo ?? currency;
    const receiverAmount = convertTo ? this.calculate(currency, convertTo, amount, undefined).receiver_amount : amount;
    this.#assertForeignIdFree('withdrawal', foreignId);
    this.#debit(currency, amount, 'amount');
    this.#claimForeignId('withdrawal', foreignId);
    const withdrawal = {
      id: this.nextId(),
      foreign_id: foreignId,
      type: convertTo ? ('withdrawal_exchange' as const) : ('withdrawal' as const),
      status: 'processing',
      amount,
      sender_amount: amount,
      sender_currency: currency,
      receiver_amount: receiverAmount,
      receiver_currency: receiverCurrency,
      address,
      tag,
    };
    this.withdrawals.set(withdrawal.id, withdrawal);
    const { address: _a, tag: _t, ...answer } = withdrawal;
    return answer;
  }

  settleWithdrawal(id: number, outcome: 'confirmed' | 'cancelled'): void {
    const w = this.withdrawals.get(id);
    if (!w) throw new SandboxError(404, { id: 'Withdrawal not found.' });
    if (w.status !== 'processing') throw new SandboxError(400, { id: `Withdrawal is already ${w.status}.` });
    w.status = outcome;
    if (outcome === 'cancelled') this.#credit(w.sender_currency, w.sender_amount);
    const blockchain = {
      id: this.nextId(),
      currency: w.receiver_currency,
      transaction_type: 'blockchain',
      type: 'withdrawal',
      address: w.address,
      tag: w.tag,
      amount: w.receiver_amount,
      txid: outcome === 'confirmed' ? txid(w.id) : null,
      confirmations: outcome === 'confirmed' ? '1' : '0',
    };
    const exchangeLeg =
      w.type === 'withdrawal_exchange'
        ? [
            {
              id: this.nextId(),
              currency: w.sender_currency,
              currency_to: w.receiver_currency,
              transaction_type: 'exchange',
              type: 'exchange',
              amount: w.sender_amount,
              amount_to: w.receiver_amount,
            },
          ]
        : [];
    this.#o.callbacks.send({
      id: w.id,
      foreign_id: w.foreign_id,
      type: w.type,
      // As in the reference's withdrawal callbacks: the destination, with the currency that was sent from.
      crypto_address: {
        id: w.id,
        currency: w.sender_currency,
        ...(w.type === 'withdrawal_exchange' ? { convert_to: w.receiver_currency } : {}),
        address: w.address,
        tag: w.tag,
      },
      currency_sent: { currency: w.sender_currency, amount: w.sender_amount },
      currency_received: { currency: w.receiver_currency, amount: w.receiver_amount },
      transactions: [...exchangeLeg, blockchain],
      fees: outcome === 'confirmed' ? [{ type: 'mining', currency: w.receiver_currency, amount: '0' }] : [],
      error: outcome === 'cancelled' ? 'Withdrawal was cancelled.' : '',
      status: outcome,
    });
  }

  // ── futures ────────────────────────────────────────────────────────────────────────────────────────────
  #exchangeAddress(address: string): DepositRecord {
    const record = this.addressesByValue.get(address);
    if (!record || !record.convert_to) throw new SandboxError(400, { address: 'Address is not found, incorrect or without exchange' });
    return record;
  }

  #futuresWindow(): { ts_fixed: number; ts_release: number } {
    const ts_fixed = this.now - (this.now % FUTURES_WINDOW_SECONDS);
    return { ts_fixed, ts_release: ts_fixed + FUTURES_WINDOW_SECONDS };
  }

  #futuresPrice(from: string, to: string, receiverAmount: string, ts_fixed: number): string {
    // Bigger tickets get a slightly worse fixed price: the merchant pays for the guarantee.
    const base = new Big(price(this.#o.seed, from, to, ts_fixed));
    const spread = new Big(receiverAmount).gte(1000) ? '0.985' : '0.99';
    return base.times(spread).round(8, Big.roundDown).toFixed(8);
  }

  futuresRates(address: string): FuturesRates {
    const record = this.#exchangeAddress(address);
    const window = this.#futuresWindow();
    const table: Record<string, string> = {};
    for (const amount of FUTURES_AMOUNTS) {
      table[new Big(amount).toFixed(8)] = this.#futuresPrice(record.currency, record.convert_to!, amount, window.ts_fixed);
    }
    return { addresses: [publicAddress(record)], ...window, rates: { [`${record.currency}${record.convert_to}`]: table } };
  }

  futuresConfirm(address: string, from: string, to: string, receiverAmount: string): FuturesConfirmation {
    const record = this.addressesByValue.get(address);
    if (!record || !record.convert_to || record.currency !== from || record.convert_to !== to) {
      throw new SandboxError(400, {
        address: 'Address is not found, incorrect or without exchange. Error can be related to incorrect sender or receiver currencies.',
      });
    }
    const window = this.#futuresWindow();
    if (inEur(this.#o.seed, receiverAmount, to, windowStart(this.now)).gt(FUTURES_LIMIT_EUR)) {
      throw new SandboxError(400, { receiver_amount: `The amount exceeds the futures limit of ${FUTURES_LIMIT_EUR} EUR.` });
    }
    const p = this.#futuresPrice(from, to, receiverAmount, window.ts_fixed);
    const confirmation: FuturesRecord = {
      futures_id: this.nextId(),
      sender_currency: from,
      receiver_currency: to,
      fee_currency: to,
      price: p,
      address: publicAddress(record),
      sender_amount: toPrecision(new Big(receiverAmount).div(p), from, Big.roundUp),
      receiver_amount: toPrecision(new Big(receiverAmount), to),
      fee_amount: toPrecision(new Big(receiverAmount).times(EXCHANGE_FEE_PERCENT).div(100), to),
      ...window,
      used: false,
    };
    this.#futures.set(address, confirmation);
    const { used: _used, ...answer } = confirmation;
    return answer;
  }

  // ── deposits (played by the control API) ───────────────────────────────────────────────────────────────
  readonly #deposits = new Map<number, PendingDeposit>();

  #depositRecord(address: string, tag: string | null | undefined): DepositRecord {
    const record = this.addressesByValue.get(address);
    if (!record) throw new SandboxError(404, { address: 'No sandbox address like this; take one with addresses/take first.' });
    if (record.tag !== null) {
      // A deposit to a tagged address without its destination tag cannot be attributed; CoinsPaid cannot credit it.
      if (tag === undefined || tag === null || tag === '') {
        throw new SandboxError(400, {
          tag: `The tag field is required: ${record.currency} deposits are attributed by their destination tag.`,
        });
      }
      if (tag !== record.tag) throw new SandboxError(404, { tag: 'No sandbox address has this destination tag.' });
    }
    return record;
  }

  #depositAmount(record: DepositRecord, input: DepositInput): string {
    const { currency } = record;
    if (input.remainder) {
      const e = record.expectation;
      if (!e || (input.expected_amount !== undefined && !new Big(input.expected_amount).eq(e.expected))) {
        throw new SandboxError(400, { remainder: 'Nothing is expected on this address: pay part of an expected_amount first.' });
      }
      const left = new Big(e.expected).minus(e.paid);
      if (left.lte(0)) throw new SandboxError(400, { remainder: 'Nothing remains to pay on this address.' });
      return toPrecision(left, currency, Big.roundUp);
    }
    if (input.amount !== undefined) {
      // A chain carries nothing smaller than its unit (a satoshi, a drop): more decimals are a caller's mistake.
      const precision = findCurrency(currency)!.precision;
      const decimals = input.amount.split('.')[1]?.length ?? 0;
      if (decimals > precision && !new Big(input.amount).eq(toPrecision(new Big(input.amount), currency))) {
        throw new SandboxError(400, { amount: `${currency} has ${precision} decimals; ${input.amount} has more.` });
      }
      return input.amount;
    }
    const fraction = new Big(input.fraction ?? '1');
    // Short payments round down and over payments up, so "underpaid" never rounds into "paid in full".
    const amount = toPrecision(new Big(input.expected_amount!).times(fraction), currency, fraction.lt(1) ? Big.roundDown : Big.roundUp);
    if (new Big(amount).lte(0))
      throw new SandboxError(400, { fraction: `That share of the expected amount is less than one unit of ${currency}.` });
    return amount;
  }

  /**
   * Plays a customer's transaction to a deposit address: a not_confirmed callback when it is seen (now, or after
   * `after_seconds`), then the outcome after the confirmation delay, each with this transaction's own id. Shaped like
   * the reference's callbacks: currency_received.amount before fees and amount_minus_fee after them (what is credited),
   * and for an exchange address a blockchain leg plus an exchange leg.
   */
  deposit(address: string, input: DepositInput) {
    const record = this.#depositRecord(address, input.tag);
    const amount = this.#depositAmount(record, input);
    if (input.expected_amount !== undefined || input.remainder) {
      const expected = input.expected_amount ?? record.expectation!.expected;
      const e = record.expectation;
      // A new expected amount, or a settled one, starts a new payment on the (reusable) address.
      if (!e || !new Big(e.expected).eq(expected) || e.paid.gte(expected)) record.expectation = { expected, paid: new Big(0) };
      if (input.outcome !== 'cancelled') record.expectation!.paid = record.expectation!.paid.plus(amount);
    }
    const txId = this.nextId();
    const hash = input.txid ?? txid(txId);
    const entry: PendingDeposit = { id: txId, status: 'scheduled' };
    if (record.expectation && input.outcome === 'pending') entry.counted = { expectation: record.expectation, amount };
    this.#deposits.set(txId, entry);
    const seen = () => this.#seeDeposit(record, entry, amount, hash, input);
    const afterMs = (input.after_seconds ?? 0) * 1000;
    if (afterMs > 0) this.#later(afterMs, seen);
    else seen();
    const e = record.expectation;
    return {
      transaction_id: txId,
      callback_id: txId,
      txid: hash,
      amount,
      currency: record.currency,
      seen_at: this.now + (input.after_seconds ?? 0),
      ...(e && (input.expected_amount !== undefined || input.remainder)
        ? {
            expected_amount: e.expected,
            paid_amount: toPrecision(e.paid, record.currency),
            remaining_amount: toPrecision(maxZero(new Big(e.expected).minus(e.paid)), record.currency, Big.roundUp),
          }
        : {}),
    };
  }

  #seeDeposit(record: DepositRecord, entry: PendingDeposit, amount: string, hash: string, input: DepositInput): void {
    const to = record.convert_to;
    let gross = amount;
    let fee: string;
    let fees: CallbackPayload['fees'];
    if (to) {
      const futures = this.#futures.get(record.address);
      const useFutures = futures && !futures.used && this.now < futures.ts_release && new Big(futures.sender_amount).eq(amount);
      if (useFutures) {
        // The guaranteed amount, less the fee the confirmation stated.
        futures.used = true;
        gross = futures.receiver_amount;
        fee = futures.fee_amount;
      } else {
        gross = toPrecision(convert(amount, record.currency, to, this.price(record.currency, to).price), to);
        fee = toPrecision(new Big(gross).times(EXCHANGE_FEE_PERCENT).div(100), to);
      }
      fees = [{ type: 'exchange', currency: to, amount: fee }];
    } else {
      fee = toPrecision(new Big(amount).times(findCurrency(record.currency)!.deposit_fee_percent).div(100), record.currency);
      fees = [{ type: 'deposit', currency: record.currency, amount: fee }];
    }
    const net = toPrecision(new Big(gross).minus(fee), to ?? record.currency);
    const exchangeTxId = to ? this.nextId() : 0;
    const payload = (status: 'not_confirmed' | 'confirmed' | 'cancelled', confirmations: number) => ({
      id: entry.id,
      type: to ? 'deposit_exchange' : 'deposit',
      crypto_address: publicAddress(record),
      currency_sent: { currency: record.currency, amount },
      // Until confirmed nothing is charged yet: the reference's not_confirmed example has no fees and
      // amount_minus_fee equal to amount.
      currency_received: { currency: to ?? record.currency, amount: gross, amount_minus_fee: status === 'confirmed' ? net : gross },
      transactions: [
        {
          id: entry.id,
          currency: record.currency,
          transaction_type: 'blockchain',
          type: 'deposit',
          address: record.address,
          tag: record.tag,
          amount,
          txid: hash,
          riskscore: '0.1',
          // Most published callbacks carry confirmations as a string; the sandbox always does, so clients stay lenient.
          confirmations: String(confirmations),
        },
        ...(to && status === 'confirmed'
          ? [
              {
                id: exchangeTxId,
                currency: record.currency,
                currency_to: to,
                transaction_type: 'exchange',
                type: 'exchange',
                amount,
                amount_to: gross,
              },
            ]
          : []),
      ],
      fees: status === 'confirmed' ? fees : [],
      error: status === 'cancelled' ? 'Transaction was cancelled: double spend detected.' : '',
      status,
    });
    entry.status = 'not_confirmed';
    this.#o.callbacks.send(payload('not_confirmed', 0));
    const final = input.confirmations ?? CONFIRMATIONS[record.currency] ?? 1;
    entry.settle = (outcome) => {
      if (entry.status !== 'not_confirmed') return;
      entry.status = outcome;
      if (outcome === 'confirmed') this.#credit(to ?? record.currency, net);
      // A pending part cancelled later (a double spend) no longer counts towards what the customer owes.
      else if (entry.counted) entry.counted.expectation.paid = entry.counted.expectation.paid.minus(entry.counted.amount);
      this.#o.callbacks.send(payload(outcome, outcome === 'confirmed' ? final : 0));
    };
    if (input.outcome !== 'pending') {
      const outcome = input.outcome;
      this.#later(this.#o.confirmationDelayMs, () => entry.settle?.(outcome));
    }
  }

  /** Ends a deposit left pending (not_confirmed): confirmed, or cancelled as a double spend. */
  settleDeposit(id: number, outcome: 'confirmed' | 'cancelled'): { transaction_id: number; status: string } {
    const entry = this.#deposits.get(id);
    if (!entry) throw new SandboxError(404, { id: 'Deposit not found.' });
    if (entry.status !== 'not_confirmed')
      throw new SandboxError(400, { id: `Deposit is ${entry.status === 'scheduled' ? 'not seen yet' : `already ${entry.status}`}.` });
    entry.settle!(outcome);
    return { transaction_id: id, status: outcome };
  }

  // ── invoices ───────────────────────────────────────────────────────────────────────────────────────────
  readonly #invoicesByCode = new Map<string, InvoiceRecord>();

  createInvoice(input: {
    timer: boolean;
    title: string;
    description: string | null;
    currency: string;
    sender_currency: string | null;
    amount: string;
    foreign_id: string;
    url_success: string;
    url_failed: string;
    email_user: string;
    type: 'fill_or_kill' | 'good_until_expired';
    /** Where the sandbox is served, e.g. http://host/sandbox: the hosted page lives under it. */
    base: string;
  }): Invoice {
    this.#claimForeignId('invoice', input.foreign_id);
    const id = this.nextId();
    const code = invoiceCode(id);
    const fixed_at = this.now;
    const record: InvoiceRecord = {
      id,
      url: `${input.base}/invoice/${code}`,
      foreign_id: input.foreign_id,
      name: input.title,
      status: 'created',
      currency: input.currency,
      amount: input.amount,
      sender_currency: input.sender_currency,
      sender_amount: null,
      fixed_at,
      release_at: fixed_at + (input.timer ? INVOICE_TIMER_SECONDS : INVOICE_EXTENDED_SECONDS),
      address: null,
      tag: null,
      code,
      timer: input.timer,
      type: input.type,
      email_user: input.email_user,
      url_success: input.url_success,
      url_failed: input.url_failed,
      description: input.description,
      paid_currency: null,
      due_amount: null,
      address_id: null,
      error: '',
      payments: [],
      late_payments: [],
    };
    // Type 3 (timer and sender_currency): the rate and the address are fixed now.
    if (input.sender_currency) this.#fixInvoiceCurrency(record, input.sender_currency);
    this.invoices.set(id, record);
    this.#invoicesByCode.set(code, record);
    this.#scheduleInvoiceExpiry(record);
    return publicInvoice(record);
  }

  invoiceByCode(code: string): InvoiceRecord | undefined {
    return this.#invoicesByCode.get(code);
  }

  #fixInvoiceCurrency(record: InvoiceRecord, currency: string): void {
    const due =
      currency === record.currency
        ? toPrecision(new Big(record.amount), currency)
        : this.#senderAmount(currency, record.currency, record.amount);
    const deposit = this.takeAddress(`invoice:${record.id}`, currency, null);
    record.paid_currency = currency;
    record.due_amount = due;
    record.address = deposit.address;
    record.tag = deposit.tag;
    record.address_id = deposit.id;
    if (record.sender_currency === currency) record.sender_amount = due;
  }

  #senderAmount(sender: string, receiver: string, amount: string): string {
    const { price: p } = this.price(sender, receiver);
    return toPrecision(senderFor(amount, sender, receiver, p), sender, Big.roundUp);
  }

  #paidSoFar(record: InvoiceRecord): Big {
    return record.payments.filter((p) => p.status !== 'cancelled').reduce((sum, p) => sum.plus(p.amount), new Big(0));
  }

  #scheduleInvoiceExpiry(record: InvoiceRecord): void {
    const releaseAt = record.release_at;
    this.#later(Math.max(0, (releaseAt - this.now) * 1000), () => {
      // A later extension (payment seen) moved release_at: this timer is stale.
      if (record.release_at !== releaseAt) return;
      if (record.status === 'created' || record.status === 'pending' || record.status === 'processing') this.#failOnTimer(record);
    });
  }

  /** The reference's three failure texts, by what had happened when the timer ran out. */
  #failOnTimer(record: InvoiceRecord): void {
    const error =
      record.status === 'processing'
        ? 'Timer expired. Transactions were in status processing too long.'
        : record.payments.some((p) => p.status !== 'cancelled')
          ? 'Timer expired. User paid less than requested.'
          : 'Timer expired. User not paid.';
    this.#setInvoiceStatus(record, 'failed', error);
  }

  /** An invoice callback shaped like the reference's: the expected sender amount with remaining_amount, every payment. */
  #setInvoiceStatus(record: InvoiceRecord, status: InvoiceStatus, error = ''): void {
    record.status = status;
    record.error = error;
    const currency = record.paid_currency;
    const paid = this.#paidSoFar(record);
    const confirmedTx = CONFIRMATIONS[currency ?? ''] ?? 1;
    this.#o.callbacks.send({
      id: record.id,
      foreign_id: record.foreign_id,
      type: 'invoice',
      ...(currency && record.address_id !== null
        ? {
            crypto_address: {
              id: record.address_id,
              currency,
              ...(currency !== record.currency ? { convert_to: record.currency } : {}),
              address: record.address,
              tag: record.tag,
            },
            currency_sent: {
              currency,
              amount: record.due_amount,
              remaining_amount: toPrecision(maxZero(new Big(record.due_amount!).minus(paid)), currency),
            },
          }
        : {}),
      currency_received: { currency: record.currency, amount: record.amount },
      transactions: record.payments.map((p) => ({
        id: p.id,
        currency: currency ?? record.currency,
        transaction_type: 'blockchain',
        type: 'deposit',
        address: record.address ?? '',
        tag: record.tag,
        amount: p.amount,
        txid: p.txid,
        confirmations: String(p.status === 'confirmed' ? confirmedTx : 0),
      })),
      fees:
        status === 'confirmed' && currency
          ? [
              {
                type: 'fee_crypto_deposit',
                currency,
                amount: toPrecision(paid.times(findCurrency(currency)!.deposit_fee_percent).div(100), currency),
              },
            ]
          : [],
      error,
      status,
      fixed_at: record.fixed_at,
      expires_at: record.release_at,
    });
  }

  invoice(id: number): InvoiceRecord {
    const record = this.invoices.get(id);
    if (!record) throw new SandboxError(404, { id: 'Invoice not found.' });
    return record;
  }

  /**
   * Plays the customer paying an invoice, one transaction per call (call again for the next part). The amount is
   * `amount`, or what is still due (`remainder`), or the due amount times `fraction` (default by outcome: underpaid
   * 0.9, overpaid 1.2, otherwise 1). When the transaction is seen (now or `after_seconds` later): `pending` if the
   * invoice is still short, `processing` once the whole amount is seen (and the timer becomes 24 hours from fixed_at).
   * After the confirmation delay the outcome applies: `confirmed` (invoice confirmed when fully paid; a short
   * fill_or_kill invoice fails with "User paid less than requested.", a good_until_expired one waits for the rest),
   * `failed` (stuck in processing), `cancelled` (a double spend: the invoice fails). `mempool` stays seen.
   * A payment seen after the invoice failed is late: recorded, refunded by e-mail per the reference, no callback.
   */
  payInvoice(id: number, input: InvoicePayInput) {
    const record = this.invoice(id);
    if (record.status === 'confirmed' || record.status === 'failed')
      throw new SandboxError(400, { id: `Invoice is already ${record.status}.` });
    const currency = input.currency ?? record.paid_currency ?? record.sender_currency ?? 'BTC';
    if (!findCurrency(currency) || (findCurrency(currency)!.type !== 'crypto' && currency !== record.currency)) {
      throw new SandboxError(400, { currency: 'The selected currency is invalid.' });
    }
    if (record.paid_currency && currency !== record.paid_currency) {
      throw new SandboxError(400, { currency: `This invoice is paid in ${record.paid_currency}.` });
    }
    if (currency !== record.currency && !isExchangeable(currency, record.currency))
      throw new SandboxError(400, { currency: 'Exchange is unavailable for given currencies' });
    // A bare confirmed / failed / cancelled after mempool payments settles those instead of sending another one.
    const held = record.payments.filter((p) => p.held && p.status === 'seen');
    if (held.length > 0 && input.outcome !== 'mempool' && input.amount === undefined && input.fraction === undefined && !input.remainder) {
      for (const payment of held) {
        payment.held = false;
        this.#settleInvoicePayment(record, payment, input.outcome);
      }
      return { ...publicInvoice(record), settled: held.map((p) => p.id) };
    }
    // Types 1 and 2: the customer's choice of currency fixes the rate and the address.
    if (!record.paid_currency) this.#fixInvoiceCurrency(record, currency);
    const due = new Big(record.due_amount!);
    let amount: string;
    if (input.remainder) {
      const left = due.minus(this.#paidSoFar(record));
      if (left.lte(0)) throw new SandboxError(400, { remainder: 'Nothing remains to pay on this invoice.' });
      amount = toPrecision(left, currency, Big.roundUp);
    } else if (input.amount !== undefined) {
      amount = input.amount;
    } else {
      const fraction = new Big(input.fraction ?? (input.outcome === 'underpaid' ? '0.9' : input.outcome === 'overpaid' ? '1.2' : '1'));
      amount = toPrecision(due.times(fraction), currency, fraction.lt(1) ? Big.roundDown : Big.roundUp);
      if (new Big(amount).lte(0))
        throw new SandboxError(400, { fraction: `That share of the amount due is less than one unit of ${currency}.` });
    }
    const txId = this.nextId();
    const payment: InvoicePayment = { id: txId, amount, txid: input.txid ?? txid(txId), status: 'seen' };
    const seen = () => this.#invoicePaymentSeen(record, payment, input.outcome);
    const afterMs = (input.after_seconds ?? 0) * 1000;
    if (afterMs > 0) this.#later(afterMs, seen);
    else seen();
    return {
      ...publicInvoice(record),
      payment: {
        transaction_id: txId,
        currency,
        amount,
        due_amount: record.due_amount,
        txid: payment.txid,
        seen_at: this.now + (input.after_seconds ?? 0),
      },
    };
  }

  #invoicePaymentSeen(record: InvoiceRecord, payment: InvoicePayment, outcome: InvoicePayOutcome): void {
    if (record.status === 'confirmed' || record.status === 'failed') {
      record.late_payments.push(payment);
      return;
    }
    record.payments.push(payment);
    const due = new Big(record.due_amount!);
    if (this.#paidSoFar(record).lt(due)) {
      this.#setInvoiceStatus(record, 'pending');
    } else if (record.status !== 'processing') {
      // The whole amount is in the mempool: the reference extends the timer from 15 minutes to 24 hours.
      record.release_at = record.fixed_at + INVOICE_EXTENDED_SECONDS;
      this.#setInvoiceStatus(record, 'processing');
      this.#scheduleInvoiceExpiry(record);
    }
    if (outcome === 'mempool') {
      payment.held = true;
      return;
    }
    this.#settleInvoicePayment(record, payment, outcome);
  }

  #settleInvoicePayment(record: InvoiceRecord, payment: InvoicePayment, outcome: InvoicePayOutcome): void {
    const due = new Big(record.due_amount!);
    this.#later(this.#o.confirmationDelayMs, () => {
      if (record.status === 'confirmed' || record.status === 'failed' || payment.status !== 'seen') return;
      if (outcome === 'cancelled') {
        payment.status = 'cancelled';
        this.#setInvoiceStatus(record, 'failed', 'Transaction was cancelled: double spend detected.');
        return;
      }
      if (outcome === 'failed') {
        this.#setInvoiceStatus(record, 'failed', 'Timer expired. Transactions were in status processing too long.');
        return;
      }
      payment.status = 'confirmed';
      const short = this.#paidSoFar(record).lt(due);
      if (short) {
        // fill_or_kill takes one payment; good_until_expired waits (pending) for the rest until release_at.
        if (record.type === 'fill_or_kill') this.#setInvoiceStatus(record, 'failed', 'User paid less than requested.');
        else this.#setInvoiceStatus(record, 'pending');
        return;
      }
      if (record.payments.every((p) => p.status !== 'seen')) {
        this.#credit(record.currency, record.amount);
        this.#setInvoiceStatus(record, 'confirmed');
      }
    });
  }

  expireInvoice(id: number): Invoice {
    const record = this.invoice(id);
    if (record.status === 'confirmed' || record.status === 'failed')
      throw new SandboxError(400, { id: `Invoice is already ${record.status}.` });
    this.#failOnTimer(record);
    return publicInvoice(record);
  }

  currencies() {
    return SANDBOX_CURRENCIES;
  }
}

function publicAddress(record: DepositRecord): CryptoAddress {
  return {
    id: record.id,
    currency: record.currency,
    convert_to: record.convert_to,
    address: record.address,
    tag: record.tag,
    foreign_id: record.foreign_id,
  };
}

export function publicInvoice(record: InvoiceRecord): Invoice {
  return {
    id: record.id,
    url: record.url,
    foreign_id: record.foreign_id,
    name: record.name,
    status: record.status,
    currency: record.currency,
    amount: record.amount,
    sender_currency: record.sender_currency,
    sender_amount: record.sender_amount,
    fixed_at: record.fixed_at,
    release_at: record.release_at,
    address: record.address ?? null,
    tag: record.tag ?? null,
  };
}

function maxZero(value: Big): Big {
  return value.lt(0) ? new Big(0) : value;
}

function txid(id: number): string {
  return id.toString(16).padStart(64, 'a');
}

function invoiceCode(id: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let n = id * 7919 + 104729;
  let out = '';
  for (let i = 0; i < 6; i++) {
    out += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length);
  }
  return out;
}
