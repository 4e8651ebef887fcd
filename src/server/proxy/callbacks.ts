import { sumDecimals } from '../../core/amount.js';
import type { CallbackPayload, DecimalString } from '../../core/api-types.js';
import type { Clock } from '../../core/clock.js';
import { unixSeconds } from '../../core/clock.js';
import type { InvoiceState, PaymentStatus as SettledPaymentStatus } from '../../core/settlement.js';
import type { DepositStatus, OrderSettlement, PaymentStatus } from '../../core/wire.js';
import { CallbackVerificationError, verifyCallback } from '../coinspaid/callback.js';
import type { NewPaymentEvent, ProxyStore } from '../store/types.js';
import { orderSettlement, type AppliedPayment, type CheckoutLedger, type PricingContext } from './checkouts.js';
import { ProxyError } from './errors.js';
import { checkoutChannel } from './follow.js';
import type { CallbackResult, ProxyObserver, SettlementOutbox } from './observer.js';

/** What the proxy knows about a callback beyond CoinsPaid's payload. */
export interface CallbackContext {
  /**
   * The settlement of the checkout this payment belongs to, after it: fulfil the order on `status === 'paid'`, never
   * on CoinsPaid's bare `confirmed` (which says a payment confirmed, not that it paid the order). Null for callbacks
   * that belong to no checkout: withdrawals, exchanges, and deposits no checkout was waiting for (a payment after its
   * order was paid, an address used outside the widget) — credit or refund those by hand.
   */
  settlement: OrderSettlement | null;
}

/**
 * What the merchant's own code does with a verified callback: fulfil the order, send the mail. Throw to have
 * CoinsPaid deliver it again (the proxy answers 500).
 */
export type CallbackHandler = (payload: CallbackPayload, context: CallbackContext) => void | Promise<void>;

/** Handled callbacks are remembered this long: longer than CoinsPaid's last retry (about 21 hours after the first). */
const HANDLED_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A handler that has not finished in this time is presumed dead; the next delivery may take over. */
const PROCESSING_TTL_MS = 5 * 60 * 1000;

const DEPOSIT_STATUSES: readonly string[] = ['not_confirmed', 'confirmed', 'cancelled'] satisfies DepositStatus[];
const INVOICE_STATUSES: readonly string[] = ['created', 'pending', 'processing', 'confirmed', 'failed', 'cancelled'];

function isDeposit(payload: CallbackPayload): boolean {
  return (payload.type === 'deposit' || payload.type === 'deposit_exchange') && payload.crypto_address !== undefined;
}

export function paymentEvent(payload: CallbackPayload, clock: Clock, settlement: OrderSettlement): NewPaymentEvent | null {
  const known = payload.type === 'invoice' ? INVOICE_STATUSES : DEPOSIT_STATUSES;
  if (!known.includes(payload.status)) return null;
  // The latest transaction: an invoice paid in parts lists one per payment.
  const tx = payload.transactions.at(-1);
  return {
    kind: payload.type === 'invoice' ? 'invoice' : 'deposit',
    status: payload.status as PaymentStatus,
    payment_id: payload.id,
    sent: payload.currency_sent ? { currency: payload.currency_sent.currency, amount: sentAmount(payload) } : null,
    remaining: payload.currency_sent?.remaining_amount ?? null,
    expires_at: payload.type === 'invoice' ? (payload.expires_at ?? null) : null,
    received: payload.currency_received ? { currency: payload.currency_received.currency, amount: payload.currency_received.amount } : null,
    txid: blockchainTxid(payload) ?? (tx?.txid || null),
    confirmations: tx ? tx.confirmations : null,
    error: payload.error,
    at: unixSeconds(clock),
    settlement,
  };
}

/**
 * The transaction id a customer can look up: the blockchain transaction's. A converted deposit lists an exchange
 * transaction after it, whose txid is empty.
 */
function blockchainTxid(payload: CallbackPayload): string | null {
  return payload.transactions.findLast((t) => t.transaction_type === 'blockchain' && t.txid)?.txid ?? null;
}

/**
 * What the customer has sent. A deposit's currency_sent is its transaction; an invoice's currency_sent.amount is the
 * amount due (reference), and what actually arrived is the sum of its blockchain transactions in that currency.
 */
function sentAmount(payload: CallbackPayload): DecimalString {
  const sent = payload.currency_sent!;
  if (payload.type !== 'invoice') return sent.amount;
  const paid = payload.transactions.filter((t) => t.currency === sent.currency && t.transaction_type === 'blockchain').map((t) => t.amount);
  return paid.length ? sumDecimals(paid) : sent.amount;
}

function invoiceState(payload: CallbackPayload, now: number): InvoiceState {
  const sent = payload.currency_sent;
  return {
    status: payload.status as InvoiceState['status'],
    due: sent ? { amount: sent.amount, currency: sent.currency } : null,
    transactions: payload.transactions
      .filter((t) => t.transaction_type === 'blockchain' && (!sent || t.currency === sent.currency))
      .map((t) => ({ id: t.id, amount: t.amount, txid: t.txid || null, confirmed: t.confirmations > 0 })),
    remaining: sent?.remaining_amount ?? null,
    seen_at: now,
  };
}

export interface CallbackProcessorOptions {
  apiKey: string;
  apiSecret: string;
  store: ProxyStore;
  clock: Clock;
  ledger: CheckoutLedger;
  pricing: PricingContext;
  onCallback?: CallbackHandler;
  /** Where each settlement change goes before the callback is acknowledged (the service's webhook queue). */
  outbox?: SettlementOutbox;
  observer?: ProxyObserver;
}

/** Applies a verified callback to the ledger: the checkout it belongs to and that checkout's settlement after it. */
async function settleCallback(payload: CallbackPayload, o: CallbackProcessorOptions): Promise<AppliedPayment | null> {
  const now = unixSeconds(o.clock);
  if (isDeposit(payload) && DEPOSIT_STATUSES.includes(payload.status)) {
    const sent = payload.currency_sent;
    if (!sent) return null;
    const received = payload.currency_received;
    return o.ledger.applyDeposit(
      payload.crypto_address!.id,
      {
        id: payload.id,
        status: payload.status as SettledPaymentStatus,
        sent: { amount: sent.amount, currency: sent.currency },
        received: received && received.currency !== sent.currency ? { amount: received.amount, currency: received.currency } : null,
        txid: blockchainTxid(payload),
      },
      now,
      o.pricing,
    );
  }
  if (payload.type === 'invoice' && INVOICE_STATUSES.includes(payload.status)) {
    return o.ledger.applyInvoice(payload.id, invoiceState(payload, now), now);
  }
  return null;
}

/**
 * Verifies, de-duplicates, settles, queues the settlement change in the outbox (webhooks; a failure answers 503),
 * hands to the merchant, then publishes, telling the observer how it ended. At-least-once towards the merchant's
 * handler: the callback is acknowledged (200) only after the handler resolved; a throw releases the claim and answers
 * 500 so that CoinsPaid retries and the handler gets another go (with the same settlement: applying a payment twice
 * changes nothing). A status older than the one known (confirmed, then not_confirmed) is logged and acknowledged, never
 * passed on as news. Followers see each status once, on the channel of the checkout it belongs to.
 */
export async function processCallback(
  raw: Uint8Array,
  headers: Headers,
  o: CallbackProcessorOptions,
): Promise<{ status: 200; duplicate: boolean }> {
  try {
    const { duplicate, result } = await handleCallback(raw, headers, o);
    o.observer?.callback?.(result);
    return { status: 200, duplicate };
  } catch (error) {
    o.observer?.callback?.(failureResult(error));
    throw error;
  }
}

function failureResult(error: unknown): CallbackResult {
  if (!(error instanceof ProxyError)) return 'failed';
  if (error.code === 'callback_rejected' || error.status === 413) return 'rejected';
  return error.code === 'callback_in_progress' ? 'in_progress' : 'failed';
}

async function handleCallback(
  raw: Uint8Array,
  headers: Headers,
  o: CallbackProcessorOptions,
): Promise<{ duplicate: boolean; result: CallbackResult }> {
  let payload: CallbackPayload;
  try {
    payload = verifyCallback(raw, headers, { apiKey: o.apiKey, apiSecret: o.apiSecret });
  } catch (error) {
    if (error instanceof CallbackVerificationError) {
      const status = error.reason === 'not_json' || error.reason === 'invalid_payload' ? 400 : 401;
      throw new ProxyError(status, 'callback_rejected', { callback: error.message });
    }
    throw error;
  }
  const key = `callback:${payload.type}:${payload.id}:${payload.status}`;
  const claim = await o.store.claim(key, PROCESSING_TTL_MS);
  if (claim === 'done') return { duplicate: true, result: 'duplicate' };
  if (claim === 'processing') {
    // The same callback is being handled right now (a duplicate delivery): ask CoinsPaid to come back later.
    throw new ProxyError(409, 'callback_in_progress', { callback: 'This callback is being handled; retry later.' });
  }
  let applied: AppliedPayment | null;
  try {
    applied = await settleCallback(payload, o);
  } catch (error) {
    await o.store.release(key);
    throw error;
  }
  if (applied?.outcome === 'regressed') {
    console.warn(
      `coinspaid-terminal: ${payload.type} ${payload.id} reported ${payload.status} after a later status; acknowledged, not passed on`,
    );
    await o.store.complete(key, HANDLED_TTL_MS, 'done');
    return { duplicate: true, result: 'ignored' };
  }
  const settlement = applied?.checkout && applied.settlement ? orderSettlement(applied.checkout, applied.settlement) : null;
  if (claim === 'claimed') {
    // Durably queued before anything else: once CoinsPaid has its 200 it never sends this callback again. A repeat of
    // a known status ('unchanged': CoinsPaid's retry after a failure here) is offered again; the outbox drops repeats.
    if (o.outbox && settlement && applied && (applied.outcome === 'new' || applied.outcome === 'unchanged')) {
      try {
        await o.outbox.settlementChanged({
          settlement,
          foreign_id: applied.checkout!.foreign_id,
          callback: { id: payload.id, type: payload.type, status: payload.status },
          at: o.clock.now(),
        });
      } catch (error) {
        await o.store.release(key);
        console.error(`coinspaid-terminal: the settlement change of ${key} could not be queued; answering 503 so CoinsPaid retries`, error);
        throw new ProxyError(503, 'callback_handler_failed', { callback: 'The settlement could not be queued; CoinsPaid will retry.' });
      }
    }
    if (settlement && applied?.outcome === 'new') o.observer?.settlement?.(settlement);
    try {
      await o.onCallback?.(payload, { settlement });
    } catch (error) {
      await o.store.release(key);
      console.error(`coinspaid-terminal: onCallback failed for ${key}; answering 500 so CoinsPaid retries`, error);
      throw new ProxyError(500, 'callback_handler_failed', { callback: 'The merchant handler failed; CoinsPaid will retry.' });
    }
    // Recorded before publishing: if publishing fails, CoinsPaid's retry publishes without running the handler again.
    await o.store.complete(key, HANDLED_TTL_MS, 'handled');
  }
  const event = settlement ? paymentEvent(payload, o.clock, settlement) : null;
  if (settlement && event) await o.store.publish(checkoutChannel(settlement.checkout_id), event);
  await o.store.complete(key, HANDLED_TTL_MS, 'done');
  return claim === 'handled' ? { duplicate: true, result: 'duplicate' } : { duplicate: false, result: 'handled' };
}
