import Big from 'big.js';
import type { Invoice, InvoiceStatus } from '../../core/api-types.js';
import { fakeTxid, type Account } from './account.js';
import { formatAmount } from './amounts.js';
import { invoiceCallback } from './callback-payloads.js';
import { findCurrency, isExchangeable, senderFor } from './catalogue.js';
import type { AddressBook } from './deposit-addresses.js';
import { SandboxError } from './errors.js';

export const INVOICE_TIMER_SECONDS = 15 * 60;
export const INVOICE_EXTENDED_SECONDS = 24 * 60 * 60;

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

export interface CreateInvoiceInput {
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
}

const isFinal = (record: InvoiceRecord) => record.status === 'confirmed' || record.status === 'failed';

/**
 * Invoices (invoices/create) and their life: the customer's payments played by the control API, the timer (15
 * minutes, 24 hours once the whole amount is seen), and an invoice callback on every change of status.
 */
export class Invoices {
  readonly #account: Account;
  readonly #addresses: AddressBook;
  readonly #byId = new Map<number, InvoiceRecord>();
  readonly #byCode = new Map<string, InvoiceRecord>();

  constructor(account: Account, addresses: AddressBook) {
    this.#account = account;
    this.#addresses = addresses;
  }

  create(input: CreateInvoiceInput): Invoice {
    const account = this.#account;
    account.claimForeignId('invoice', input.foreign_id);
    const id = account.nextId('invoice');
    const code = invoiceCode(id);
    const fixed_at = account.now;
    const record: InvoiceRecord = {
      id,
      url: `${input.base}/invoice/${code}`,
      foreign_id: input.foreign_id,
      name: input.title,
      status: 'created',
      currency: input.currency,
      // Padded as CoinsPaid answers it: 106.75 EUR is "106.75000000".
      amount: formatAmount(input.amount, input.currency),
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
    if (input.sender_currency) this.#fixCurrency(record, input.sender_currency);
    this.#byId.set(id, record);
    this.#byCode.set(code, record);
    this.#scheduleExpiry(record);
    return publicInvoice(record);
  }

  get(id: number): InvoiceRecord {
    const record = this.#byId.get(id);
    if (!record) throw new SandboxError(404, { id: 'Invoice not found.' });
    return record;
  }

  byCode(code: string): InvoiceRecord | undefined {
    return this.#byCode.get(code);
  }

  /**
   * Plays the customer paying an invoice, one transaction per call (call again for the next part). The amount is
   * `amount`, or what is still due (`remainder`), or the due amount times `fraction` (default by outcome: underpaid
   * 0.9, overpaid 1.2, otherwise 1). When the transaction is seen (now or `after_seconds` later): `pending` if the
   * invoice is still short, `processing` once the whole amount is seen (and the timer becomes 24 hours from fixed_at).
   * After the confirmation delay the outcome applies: `confirmed` (invoice confirmed when fully paid; a short
   * fill_or_kill invoice fails with "Timer expired. User paid less than requested.", CoinsPaid's published text; a
   * good_until_expired one waits for the rest),
   * `failed` (stuck in processing), `cancelled` (a double spend: the invoice fails). `mempool` stays seen.
   * A payment seen after the invoice failed is late: recorded, refunded by e-mail per the reference, no callback.
   */
  pay(id: number, input: InvoicePayInput) {
    const account = this.#account;
    const record = this.get(id);
    if (isFinal(record)) throw new SandboxError(400, { id: `Invoice is already ${record.status}.` });
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
        this.#settlePayment(record, payment, input.outcome);
      }
      return { ...publicInvoice(record), settled: held.map((p) => p.id) };
    }
    // Types 1 and 2: the customer's choice of currency fixes the rate and the address.
    if (!record.paid_currency) this.#fixCurrency(record, currency);
    const amount = this.#paymentAmount(record, currency, input);
    const txId = account.nextId('transaction');
    const payment: InvoicePayment = { id: txId, amount, txid: input.txid ?? fakeTxid(txId), status: 'seen' };
    const seen = () => this.#paymentSeen(record, payment, input.outcome);
    const afterMs = (input.after_seconds ?? 0) * 1000;
    if (afterMs > 0) account.later(afterMs, seen);
    else seen();
    return {
      ...publicInvoice(record),
      payment: {
        transaction_id: txId,
        currency,
        amount,
        due_amount: record.due_amount,
        txid: payment.txid,
        seen_at: account.now + (input.after_seconds ?? 0),
      },
    };
  }

  /** Fails an unpaid invoice now, as its timer would. */
  expire(id: number): Invoice {
    const record = this.get(id);
    if (isFinal(record)) throw new SandboxError(400, { id: `Invoice is already ${record.status}.` });
    this.#failOnTimer(record);
    return publicInvoice(record);
  }

  #paymentAmount(record: InvoiceRecord, currency: string, input: InvoicePayInput): string {
    const due = new Big(record.due_amount!);
    if (input.remainder) {
      const left = due.minus(paidSoFar(record));
      if (left.lte(0)) throw new SandboxError(400, { remainder: 'Nothing remains to pay on this invoice.' });
      return formatAmount(left, currency, Big.roundUp);
    }
    if (input.amount !== undefined) return formatAmount(input.amount, currency);
    const fraction = new Big(input.fraction ?? (input.outcome === 'underpaid' ? '0.9' : input.outcome === 'overpaid' ? '1.2' : '1'));
    const amount = formatAmount(due.times(fraction), currency, fraction.lt(1) ? Big.roundDown : Big.roundUp);
    if (new Big(amount).lte(0))
      throw new SandboxError(400, { fraction: `That share of the amount due is less than one unit of ${currency}.` });
    return amount;
  }

  #fixCurrency(record: InvoiceRecord, currency: string): void {
    const due =
      currency === record.currency ? formatAmount(record.amount, currency) : this.#senderAmount(currency, record.currency, record.amount);
    const deposit = this.#addresses.take(`invoice:${record.id}`, currency, null);
    record.paid_currency = currency;
    record.due_amount = due;
    record.address = deposit.address;
    record.tag = deposit.tag;
    record.address_id = deposit.id;
    if (record.sender_currency === currency) record.sender_amount = due;
  }

  #senderAmount(sender: string, receiver: string, amount: string): string {
    const { price: p } = this.#account.price(sender, receiver);
    return formatAmount(senderFor(amount, sender, receiver, p), sender, Big.roundUp);
  }

  #scheduleExpiry(record: InvoiceRecord): void {
    const releaseAt = record.release_at;
    this.#account.later(Math.max(0, (releaseAt - this.#account.now) * 1000), () => {
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
    this.#setStatus(record, 'failed', error);
  }

  #setStatus(record: InvoiceRecord, status: InvoiceStatus, error = ''): void {
    record.status = status;
    record.error = error;
    this.#account.callbacks.send(invoiceCallback(record, paidSoFar(record)));
  }

  #paymentSeen(record: InvoiceRecord, payment: InvoicePayment, outcome: InvoicePayOutcome): void {
    if (isFinal(record)) {
      record.late_payments.push(payment);
      return;
    }
    record.payments.push(payment);
    const due = new Big(record.due_amount!);
    if (paidSoFar(record).lt(due)) {
      this.#setStatus(record, 'pending');
    } else if (record.status !== 'processing') {
      // The whole amount is in the mempool: the reference extends the timer from 15 minutes to 24 hours.
      record.release_at = record.fixed_at + INVOICE_EXTENDED_SECONDS;
      this.#setStatus(record, 'processing');
      this.#scheduleExpiry(record);
    }
    if (outcome === 'mempool') {
      payment.held = true;
      return;
    }
    this.#settlePayment(record, payment, outcome);
  }

  #settlePayment(record: InvoiceRecord, payment: InvoicePayment, outcome: InvoicePayOutcome): void {
    const due = new Big(record.due_amount!);
    this.#account.later(this.#account.confirmationDelayMs, () => {
      if (isFinal(record) || payment.status !== 'seen') return;
      if (outcome === 'cancelled') {
        payment.status = 'cancelled';
        this.#setStatus(record, 'failed', 'Transaction was cancelled: double spend detected.');
        return;
      }
      if (outcome === 'failed') {
        this.#setStatus(record, 'failed', 'Timer expired. Transactions were in status processing too long.');
        return;
      }
      payment.status = 'confirmed';
      if (paidSoFar(record).lt(due)) {
        // fill_or_kill takes one payment; good_until_expired waits (pending) for the rest until release_at.
        if (record.type === 'fill_or_kill') this.#setStatus(record, 'failed', 'Timer expired. User paid less than requested.');
        else this.#setStatus(record, 'pending');
        return;
      }
      if (record.payments.every((p) => p.status !== 'seen')) {
        this.#account.ledger.credit(record.currency, record.amount);
        this.#setStatus(record, 'confirmed');
      }
    });
  }
}

/** What the customer has sent so far, cancelled payments excluded. */
function paidSoFar(record: InvoiceRecord): Big {
  return record.payments.filter((p) => p.status !== 'cancelled').reduce((sum, p) => sum.plus(p.amount), new Big(0));
}

/** An invoice as the API answers it. */
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

/** The opaque code in the hosted page's URL: derived from the id, not guessable at a glance. */
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
