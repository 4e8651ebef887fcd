import Big from 'big.js';
import type { CallbackFee } from '../../core/api-types.js';
import { fakeTxid, type Account } from './account.js';
import { formatAmount, owed, percentOf } from './amounts.js';
import { depositCallback, type DepositTransaction, finalConfirmations } from './callback-payloads.js';
import { convert, EXCHANGE_FEE_PERCENT, exchangeFeeCurrency, findCurrency } from './catalogue.js';
import { type AddressBook, type DepositRecord, publicAddress } from './deposit-addresses.js';
import { SandboxError } from './errors.js';
import type { Futures } from './futures.js';

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
  /** The blockchain transaction's id (transactions[0].id). */
  id: number;
  /** The callbacks' root id. */
  callbackId: number;
  status: 'scheduled' | 'not_confirmed' | 'confirmed' | 'cancelled';
  settle?: (outcome: 'confirmed' | 'cancelled') => void;
  counted?: { expectation: { paid: Big }; amount: string };
}

/** Customers' transactions to deposit addresses, played by the control API, and the callbacks they cause. */
export class Deposits {
  readonly #account: Account;
  readonly #addresses: AddressBook;
  readonly #futures: Futures;
  readonly #deposits = new Map<number, PendingDeposit>();

  constructor(account: Account, addresses: AddressBook, futures: Futures) {
    this.#account = account;
    this.#addresses = addresses;
    this.#futures = futures;
  }

  /**
   * Plays a customer's transaction to a deposit address: a not_confirmed callback when it is seen (now, or after
   * `after_seconds`), then the outcome after the confirmation delay, both with this deposit's root id (`callback_id`)
   * and its blockchain transaction (`transaction_id`), two different numbers as in CoinsPaid's callbacks.
   */
  deposit(address: string, input: DepositInput) {
    const account = this.#account;
    const record = this.#record(address, input.tag);
    const amount = this.#amount(record, input);
    if (input.expected_amount !== undefined || input.remainder) {
      const expected = input.expected_amount ?? record.expectation!.expected;
      const e = record.expectation;
      // A new expected amount, or a settled one, starts a new payment on the (reusable) address.
      if (!e || !new Big(e.expected).eq(expected) || e.paid.gte(expected)) record.expectation = { expected, paid: new Big(0) };
      if (input.outcome !== 'cancelled') record.expectation!.paid = record.expectation!.paid.plus(amount);
    }
    const callbackId = account.nextId();
    const txId = account.nextId('transaction');
    const hash = input.txid ?? fakeTxid(txId);
    const entry: PendingDeposit = { id: txId, callbackId, status: 'scheduled' };
    if (record.expectation && input.outcome === 'pending') entry.counted = { expectation: record.expectation, amount };
    // Settled by either id: the sequences never meet.
    this.#deposits.set(txId, entry);
    this.#deposits.set(callbackId, entry);
    const seen = () => this.#seen(record, entry, amount, hash, input);
    const afterMs = (input.after_seconds ?? 0) * 1000;
    if (afterMs > 0) account.later(afterMs, seen);
    else seen();
    const e = record.expectation;
    return {
      transaction_id: txId,
      callback_id: callbackId,
      txid: hash,
      amount,
      currency: record.currency,
      seen_at: account.now + (input.after_seconds ?? 0),
      ...(e && (input.expected_amount !== undefined || input.remainder)
        ? {
            expected_amount: formatAmount(e.expected, record.currency),
            paid_amount: formatAmount(e.paid, record.currency),
            remaining_amount: formatAmount(owed(e.expected, e.paid), record.currency, Big.roundUp),
          }
        : {}),
    };
  }

  /** Ends a deposit left pending (not_confirmed): confirmed, or cancelled as a double spend. */
  settle(id: number, outcome: 'confirmed' | 'cancelled'): { transaction_id: number; callback_id: number; status: string } {
    const entry = this.#deposits.get(id);
    if (!entry) throw new SandboxError(404, { id: 'Deposit not found.' });
    if (entry.status !== 'not_confirmed')
      throw new SandboxError(400, { id: `Deposit is ${entry.status === 'scheduled' ? 'not seen yet' : `already ${entry.status}`}.` });
    entry.settle!(outcome);
    return { transaction_id: entry.id, callback_id: entry.callbackId, status: outcome };
  }

  #record(address: string, tag: string | null | undefined): DepositRecord {
    const record = this.#addresses.find(address);
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

  #amount(record: DepositRecord, input: DepositInput): string {
    const { currency } = record;
    if (input.remainder) {
      const e = record.expectation;
      if (!e || (input.expected_amount !== undefined && !new Big(input.expected_amount).eq(e.expected))) {
        throw new SandboxError(400, { remainder: 'Nothing is expected on this address: pay part of an expected_amount first.' });
      }
      const left = new Big(e.expected).minus(e.paid);
      if (left.lte(0)) throw new SandboxError(400, { remainder: 'Nothing remains to pay on this address.' });
      return formatAmount(left, currency, Big.roundUp);
    }
    if (input.amount !== undefined) {
      // A chain carries nothing smaller than its unit (a satoshi, a drop): more decimals are a caller's mistake.
      const precision = findCurrency(currency)!.precision;
      const decimals = input.amount.split('.')[1]?.length ?? 0;
      if (decimals > precision && !new Big(input.amount).eq(formatAmount(input.amount, currency))) {
        throw new SandboxError(400, { amount: `${currency} has ${precision} decimals; ${input.amount} has more.` });
      }
      // Written as CoinsPaid writes it, padded ("0.01000000"), in the answer and in every callback.
      return formatAmount(input.amount, currency);
    }
    const fraction = new Big(input.fraction ?? '1');
    // Short payments round down and over payments up, so "underpaid" never rounds into "paid in full".
    const amount = formatAmount(new Big(input.expected_amount!).times(fraction), currency, fraction.lt(1) ? Big.roundDown : Big.roundUp);
    if (new Big(amount).lte(0))
      throw new SandboxError(400, { fraction: `That share of the expected amount is less than one unit of ${currency}.` });
    return amount;
  }

  /** The transaction is seen: not_confirmed now, the outcome after the confirmation delay (or when settled). */
  #seen(record: DepositRecord, entry: PendingDeposit, amount: string, hash: string, input: DepositInput): void {
    const account = this.#account;
    const to = record.convert_to;
    const from = record.currency;
    let gross = amount;
    let net: string;
    let fees: CallbackFee[];
    let futuresId: number | null = null;
    if (to) {
      const feeCurrency = exchangeFeeCurrency(from, to);
      const futures = this.#futures.redeem(record.address, amount);
      let fee: string;
      if (futures) {
        // The guaranteed amount and the fee the confirmation stated: less that fee where it is charged in the
        // received currency; crypto→crypto it was charged on top of the sender amount, so all of it arrives.
        gross = futures.receiver_amount;
        fee = futures.fee_amount;
        futuresId = futures.futures_id;
        net = feeCurrency === to ? formatAmount(new Big(gross).minus(fee), to) : gross;
      } else {
        // The current rate, less the exchange fee: taken from what is received, or crypto→crypto (a fee in the
        // sender's currency) from what is sent before it is converted.
        const { price } = account.price(from, to);
        gross = formatAmount(convert(amount, from, to, price), to);
        fee = percentOf(feeCurrency === to ? gross : amount, EXCHANGE_FEE_PERCENT, feeCurrency);
        net =
          feeCurrency === to
            ? formatAmount(new Big(gross).minus(fee), to)
            : formatAmount(convert(new Big(amount).minus(fee), from, to, price), to);
      }
      fees = [{ type: 'exchange', currency: feeCurrency, amount: fee }];
    } else {
      const fee = percentOf(amount, findCurrency(from)!.deposit_fee_percent, from);
      net = formatAmount(new Big(gross).minus(fee), from);
      fees = [{ type: 'deposit', currency: from, amount: fee }];
    }
    const tx: DepositTransaction = {
      id: entry.callbackId,
      transactionId: entry.id,
      address: publicAddress(record),
      amount,
      txid: hash,
      gross,
      net,
      fees,
      exchangeId: to ? account.nextId('transaction') : 0,
      futuresId,
    };
    entry.status = 'not_confirmed';
    account.callbacks.send(depositCallback(tx, 'not_confirmed', 0));
    const final = input.confirmations ?? finalConfirmations(record.currency);
    entry.settle = (outcome) => {
      if (entry.status !== 'not_confirmed') return;
      entry.status = outcome;
      if (outcome === 'confirmed') account.ledger.credit(to ?? record.currency, net);
      // A pending part cancelled later (a double spend) no longer counts towards what the customer owes.
      else if (entry.counted) entry.counted.expectation.paid = entry.counted.expectation.paid.minus(entry.counted.amount);
      account.callbacks.send(depositCallback(tx, outcome, outcome === 'confirmed' ? final : 0));
    };
    if (input.outcome !== 'pending') {
      const outcome = input.outcome;
      account.later(account.confirmationDelayMs, () => entry.settle?.(outcome));
    }
  }
}
