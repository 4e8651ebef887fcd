import type { DecimalString, UnixSeconds } from '../../core/api-types.js';
import type { OrderSettlement } from '../../core/wire.js';
import {
  attributePayment,
  settle,
  settleInvoice,
  type InvoiceState,
  type AttributedPayment,
  type CheckoutOnAddress,
  type Money,
  type PaymentStatus,
  type QuotedRate,
  type Settlement,
  type SettlementInput,
} from '../../core/settlement.js';
import { StoreUnavailableError } from '../store/errors.js';
import type { ProxyStore } from '../store/types.js';
import { withLock } from './lock.js';

/**
 * The proxy's record of every checkout: what the merchant's token asked for, the addresses it showed, the rates it
 * quoted, and the payments attributed to it. This is the single source of truth that the merchant's handler, the
 * webhooks and the customer's screen read their settlement from (core/settlement.ts decides it).
 *
 * A checkout is an order (`o:<order_id>`: every token for the same order, a reload included, continues it) or, for a
 * token without an order, that token (`t:<hash>`). Addresses are reused per foreign_id + currency + convert_to, so a
 * returning customer's orders share one: each address keeps the list of checkouts that showed it and when, and each
 * payment is attributed once, at first sight, to the checkout it was made for (attributePayment).
 */

/** What a checkout expects, from the merchant's token (and, for fixed rates, CoinsPaid's confirmation). */
export interface CheckoutTerms {
  id: string;
  order_id: string | null;
  foreign_id: string;
  expected: Money | null;
  /** Decimals of the expected currency. */
  expected_precision: number;
  valuation: SettlementInput['valuation'];
  /** When the customer's time to pay ends (the token's expiry; a fixed rate's release). */
  deadline: UnixSeconds | null;
}

export interface CheckoutAddress {
  id: number;
  currency: string;
  convert_to: string | null;
}

export interface CheckoutRecord extends CheckoutTerms {
  began_at: UnixSeconds;
  addresses: CheckoutAddress[];
  payments: AttributedPayment[];
  paid_at: UnixSeconds | null;
  /** Invoice checkouts: the invoice and CoinsPaid's latest word on it (it settles invoices itself). */
  invoice: { id: number; state: InvoiceState | null } | null;
}

/** A payment as a deposit callback reports it. */
export interface ReportedPayment {
  id: number;
  status: PaymentStatus;
  sent: Money;
  received: Money | null;
  txid: string | null;
}

/** What the proxy knows of the currency a customer pays in: to value payments and judge remainders. */
export interface PricingContext {
  /** The current market price of `from` in `to`, or null when it cannot be had. */
  price(from: string, to: string): Promise<DecimalString | null>;
  /** Decimals and the smallest deposit CoinsPaid credits for `currency` (converted to `convertTo`, if so). */
  depositRules(currency: string, convertTo: string | null): Promise<{ precision: number; minimum: DecimalString } | null>;
}

export interface AppliedPayment {
  /** `new`: the payment or its status is news; `unchanged`: a repeat; `regressed`: a status older than the one known
   * (confirmed, then not_confirmed), ignored; `unattributed`: no checkout was waiting for it. */
  outcome: 'new' | 'unchanged' | 'regressed' | 'unattributed';
  checkout: CheckoutRecord | null;
  settlement: Settlement | null;
}

export interface CheckoutLedgerOptions {
  store: ProxyStore;
  /** Shortfall (percent of the price) still counted as paid; default "0". */
  tolerancePercent?: DecimalString;
  /** How long after a rate window ended its rate still values a payment; default 120 s. */
  graceSeconds?: number;
}

/** Records outlive CoinsPaid's retries (about 21 hours) and late payments by far. */
const RECORD_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Bounds: a checkout's quotes (two hours of one-minute windows), and the checkouts remembered per address. */
const MAX_QUOTES = 120;
const MAX_CHECKOUTS_PER_ADDRESS = 50;
const MAX_REMEMBERED_QUOTES = 50_000;

const FINAL: readonly PaymentStatus[] = ['confirmed', 'cancelled'];
const INVOICE_FINAL: readonly InvoiceState['status'][] = ['confirmed', 'failed', 'cancelled'];
/** Invoices are valued by CoinsPaid: no prices needed. */
const NO_PRICING: PricingContext = { price: async () => null, depositRules: async () => null };

/** A settlement as the merchant and the widget receive it: with the checkout, the order and the deadline. */
export function orderSettlement(record: CheckoutRecord, settlement: Settlement): OrderSettlement {
  return { ...settlement, checkout_id: record.id, order_id: record.order_id, deadline: record.deadline };
}

export class CheckoutLedger {
  readonly #store: ProxyStore;
  readonly #tolerance: DecimalString;
  readonly #grace: number;
  /** Quotes this process already recorded (checkout, pair, window): a widget asking again in one window costs no write. */
  readonly #recordedQuotes = new Set<string>();

  constructor(options: CheckoutLedgerOptions) {
    this.#store = options.store;
    this.#tolerance = options.tolerancePercent ?? '0';
    this.#grace = options.graceSeconds ?? 120;
  }

  #recordKey(id: string): string {
    return `checkout:${id}`;
  }

  async get(id: string): Promise<CheckoutRecord | undefined> {
    return this.#store.get<CheckoutRecord>(this.#recordKey(id));
  }

  /**
   * The checkout shows `address`: creates the record on first sight, keeps its begin time after (a reload continues
   * it), and enters it on the address's list so payments to the address can be attributed to it.
   * @throws CheckoutConflictError when the order already has payments and the token now asks another amount.
   */
  async begin(terms: CheckoutTerms, address: CheckoutAddress, now: UnixSeconds): Promise<CheckoutRecord> {
    return withLock(this.#store, `address:${address.id}`, () =>
      withLock(this.#store, this.#recordKey(terms.id), async () => {
        const existing = await this.get(terms.id);
        const record = mergeTerms(existing, terms, now);
        if (!record.addresses.some((a) => a.id === address.id)) record.addresses.push(address);
        await this.#store.set(this.#recordKey(terms.id), record, RECORD_TTL_MS);
        await this.#enterOnAddress(address.id, record, now);
        return record;
      }),
    );
  }

  /** An invoice checkout: its record, and the invoice's callbacks find it by the invoice's id. */
  async beginInvoice(terms: CheckoutTerms, invoiceId: number, now: UnixSeconds): Promise<CheckoutRecord> {
    return withLock(this.#store, this.#recordKey(terms.id), async () => {
      const record = mergeTerms(await this.get(terms.id), terms, now);
      record.invoice = { id: invoiceId, state: record.invoice?.id === invoiceId ? record.invoice.state : null };
      await this.#store.set(this.#recordKey(terms.id), record, RECORD_TTL_MS);
      await this.#store.set(`invoice-checkout:${invoiceId}`, terms.id, RECORD_TTL_MS);
      return record;
    });
  }

  /**
   * An invoice callback: records CoinsPaid's latest state of the invoice (never an older one over a final one) and
   * settles its checkout.
   */
  async applyInvoice(invoiceId: number, state: InvoiceState, now: UnixSeconds): Promise<AppliedPayment> {
    const checkoutId = await this.#store.get<string>(`invoice-checkout:${invoiceId}`);
    if (!checkoutId) return { outcome: 'unattributed', checkout: null, settlement: null };
    return withLock(this.#store, this.#recordKey(checkoutId), async () => {
      const record = await this.get(checkoutId);
      if (!record?.invoice) return { outcome: 'unattributed', checkout: null, settlement: null } satisfies AppliedPayment;
      const known = record.invoice.state;
      const outcome: AppliedPayment['outcome'] =
        known && INVOICE_FINAL.includes(known.status) ? (known.status === state.status ? 'unchanged' : 'regressed') : 'new';
      if (outcome === 'new') {
        record.invoice.state = { ...state, seen_at: known?.seen_at ?? state.seen_at };
        await this.#store.set(this.#recordKey(record.id), record, RECORD_TTL_MS);
      }
      return { outcome, checkout: record, settlement: await this.settleRecord(record, now, NO_PRICING) } satisfies AppliedPayment;
    });
  }

  async #enterOnAddress(addressId: number, record: CheckoutRecord, now: UnixSeconds): Promise<void> {
    const key = `address-checkouts:${addressId}`;
    const list = (await this.#store.get<CheckoutOnAddress[]>(key)) ?? [];
    if (list.some((c) => c.id === record.id)) return;
    list.push({ id: record.id, began_at: now, fixed_amount: record.expected !== null, paid_at: record.paid_at });
    await this.#store.set(key, list.slice(-MAX_CHECKOUTS_PER_ADDRESS), RECORD_TTL_MS);
  }

  async #markPaidOnAddresses(record: CheckoutRecord): Promise<void> {
    for (const address of record.addresses) {
      const key = `address-checkouts:${address.id}`;
      const list = await this.#store.get<CheckoutOnAddress[]>(key);
      if (!list) continue;
      await this.#store.set(
        key,
        list.map((c) => (c.id === record.id ? { ...c, paid_at: record.paid_at } : c)),
        RECORD_TTL_MS,
      );
    }
  }

  /** Remembers a rate served to this checkout's customer: payments are valued at the rates they were shown. */
  async recordQuote(id: string, quote: QuotedRate): Promise<void> {
    const memo = `${id}|${quote.from}|${quote.to}|${quote.ts_fixed}`;
    if (this.#recordedQuotes.has(memo)) return;
    const key = `checkout-quotes:${id}`;
    await withLock(this.#store, key, async () => {
      const quotes = (await this.#store.get<QuotedRate[]>(key)) ?? [];
      const known = quotes.some((q) => q.from === quote.from && q.to === quote.to && q.ts_fixed === quote.ts_fixed);
      if (known) return;
      quotes.push({ from: quote.from, to: quote.to, price: quote.price, ts_fixed: quote.ts_fixed, ts_release: quote.ts_release });
      await this.#store.set(key, quotes.slice(-MAX_QUOTES), RECORD_TTL_MS);
    });
    if (this.#recordedQuotes.size >= MAX_REMEMBERED_QUOTES) this.#recordedQuotes.clear();
    this.#recordedQuotes.add(memo);
  }

  /**
   * A deposit callback: attributes the payment (once, at first sight) to the checkout it was made for, records its
   * status (never backwards), and settles that checkout again.
   */
  async applyDeposit(addressId: number, reported: ReportedPayment, now: UnixSeconds, pricing: PricingContext): Promise<AppliedPayment> {
    return withLock(this.#store, `address:${addressId}`, async () => {
      const stickyKey = `payment-checkout:${reported.id}`;
      let checkoutId = await this.#store.get<string>(stickyKey);
      if (!checkoutId) {
        const candidates = (await this.#store.get<CheckoutOnAddress[]>(`address-checkouts:${addressId}`)) ?? [];
        checkoutId = attributePayment(candidates, now) ?? undefined;
        if (!checkoutId) return { outcome: 'unattributed', checkout: null, settlement: null };
        await this.#store.set(stickyKey, checkoutId, RECORD_TTL_MS);
      }
      return withLock(this.#store, this.#recordKey(checkoutId), async () => {
        const record = await this.get(checkoutId);
        if (!record) return { outcome: 'unattributed', checkout: null, settlement: null } satisfies AppliedPayment;
        const index = record.payments.findIndex((p) => p.id === reported.id);
        const known = index >= 0 ? record.payments[index]! : null;
        if (known && known.status === reported.status) {
          return {
            outcome: 'unchanged',
            checkout: record,
            settlement: await this.settleRecord(record, now, pricing),
          } satisfies AppliedPayment;
        }
        if (known && FINAL.includes(known.status)) {
          return {
            outcome: 'regressed',
            checkout: record,
            settlement: await this.settleRecord(record, now, pricing),
          } satisfies AppliedPayment;
        }
        const payment: AttributedPayment = {
          id: reported.id,
          status: reported.status,
          sent: reported.sent,
          received: reported.received ?? known?.received ?? null,
          seen_at: known?.seen_at ?? now,
          txid: reported.txid ?? known?.txid ?? null,
          market_price: known ? known.market_price : await this.#marketPriceIfUnquoted(record, reported, now, pricing),
        };
        if (known) record.payments[index] = payment;
        else record.payments.push(payment);
        const settlement = await this.settleRecord(record, now, pricing);
        const newlyPaid = settlement.status === 'paid' && record.paid_at === null;
        if (newlyPaid) record.paid_at = now;
        await this.#store.set(this.#recordKey(record.id), record, RECORD_TTL_MS);
        if (newlyPaid) await this.#markPaidOnAddresses(record);
        return { outcome: 'new', checkout: record, settlement } satisfies AppliedPayment;
      });
    });
  }

  /** The checkout's settlement now (it may have expired since the last payment). */
  async settlementOf(id: string, now: UnixSeconds, pricing: PricingContext): Promise<Settlement | null> {
    const record = await this.get(id);
    return record ? this.settleRecord(record, now, pricing) : null;
  }

  /** A payment seen outside every window quoted to this customer is valued at the market price of that moment. */
  async #marketPriceIfUnquoted(
    record: CheckoutRecord,
    reported: ReportedPayment,
    now: UnixSeconds,
    pricing: PricingContext,
  ): Promise<DecimalString | null> {
    const expected = record.expected;
    if (!expected || record.valuation !== 'quoted' || reported.sent.currency === expected.currency) return null;
    const quotes = (await this.#store.get<QuotedRate[]>(`checkout-quotes:${record.id}`)) ?? [];
    const covered = quotes.some(
      (q) => q.from === reported.sent.currency && q.to === expected.currency && q.ts_fixed <= now && now <= q.ts_release + this.#grace,
    );
    if (covered) return null;
    const price = await pricing.price(reported.sent.currency, expected.currency);
    // Without a price the payment cannot be valued: fail, so the callback is retried, rather than settle it wrongly.
    if (price === null)
      throw new StoreUnavailableError(new Error(`no ${reported.sent.currency}/${expected.currency} rate to value payment ${reported.id}`));
    return price;
  }

  /** A record's settlement at `now` (it may have expired since the last payment). */
  async settleRecord(record: CheckoutRecord, now: UnixSeconds, pricing: PricingContext): Promise<Settlement> {
    if (record.invoice && record.expected) {
      const state = record.invoice.state ?? { status: 'created', due: null, transactions: [], remaining: null, seen_at: now };
      return settleInvoice(record.expected, record.expected_precision, state, record.deadline, now);
    }
    const quotes = (await this.#store.get<QuotedRate[]>(`checkout-quotes:${record.id}`)) ?? [];
    return settle({
      expected: record.expected,
      expectedPrecision: record.expected_precision,
      payments: record.payments,
      quotes,
      valuation: record.valuation,
      deadline: record.deadline,
      now,
      graceSeconds: this.#grace,
      tolerancePercent: this.#tolerance,
      // Only a confirmed payment can leave a remainder to judge: a checkout shown for the first time (every POST
      // /addresses) costs no rate lookup.
      paying: record.payments.some((p) => p.status === 'confirmed') ? await payingNow(record, pricing) : null,
    });
  }
}

/** The currency the customer pays in now: the last address the checkout showed. */
async function payingNow(record: CheckoutRecord, pricing: PricingContext): Promise<SettlementInput['paying']> {
  const address = record.addresses.at(-1);
  if (!address) return null;
  const rules = await pricing.depositRules(address.currency, address.convert_to);
  if (!rules) return null;
  const expected = record.expected;
  const price = expected && expected.currency !== address.currency ? await pricing.price(address.currency, expected.currency) : null;
  return { currency: address.currency, ...rules, price };
}

export class CheckoutConflictError extends Error {
  constructor(readonly orderId: string) {
    super(`Order ${orderId} already has payments for another amount.`);
    this.name = 'CheckoutConflictError';
  }
}

/** A record for a checkout seen for the first time, or the existing one with the newest token's terms. */
function mergeTerms(existing: CheckoutRecord | undefined, terms: CheckoutTerms, now: UnixSeconds): CheckoutRecord {
  if (!existing) return { ...terms, began_at: now, addresses: [], payments: [], paid_at: null, invoice: null };
  const sameAmount = existing.expected?.amount === terms.expected?.amount && existing.expected?.currency === terms.expected?.currency;
  if (!sameAmount && existing.payments.length > 0) throw new CheckoutConflictError(terms.order_id ?? terms.id);
  // A reload with a fresh token may extend the time to pay; a new amount before anything was paid replaces the old.
  const deadline = existing.deadline === null || terms.deadline === null ? terms.deadline : Math.max(existing.deadline, terms.deadline);
  return { ...existing, ...terms, deadline, began_at: existing.began_at, paid_at: existing.paid_at };
}
