import { sumDecimals } from '../../core/amount.js';
import type { CallbackPayload, DecimalString } from '../../core/api-types.js';
import type { Clock } from '../../core/clock.js';
import { unixSeconds } from '../../core/clock.js';
import type { DepositStatus, PaymentStatus } from '../../core/wire.js';
import { CallbackVerificationError, verifyCallback } from '../coinspaid/callback.js';
import type { NewPaymentEvent, ProxyStore } from '../store/types.js';
import { ProxyError } from './errors.js';
import { addressChannel, type Channel, invoiceChannel } from './follow.js';

/** What the merchant's own code does with a verified callback: credit the order, send the mail. */
export type CallbackHandler = (payload: CallbackPayload) => void | Promise<void>;

/** Handled callbacks are remembered this long: longer than CoinsPaid's last retry (about 21 hours after the first). */
const HANDLED_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A handler that has not finished in this time is presumed dead; the next delivery may take over. */
const PROCESSING_TTL_MS = 5 * 60 * 1000;

const DEPOSIT_STATUSES: readonly string[] = ['not_confirmed', 'confirmed', 'cancelled'] satisfies DepositStatus[];
const INVOICE_STATUSES: readonly string[] = ['created', 'pending', 'processing', 'confirmed', 'failed'];

/** Which widgets follow this callback's payment: deposits by address, invoices by invoice id. */
export function channelOf(payload: CallbackPayload): Channel | null {
  if ((payload.type === 'deposit' || payload.type === 'deposit_exchange') && payload.crypto_address)
    return addressChannel(payload.crypto_address.id);
  if (payload.type === 'invoice') return invoiceChannel(payload.id);
  return null;
}

export function paymentEvent(payload: CallbackPayload, clock: Clock): NewPaymentEvent | null {
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
    txid: tx?.txid || null,
    confirmations: tx ? tx.confirmations : null,
    error: payload.error,
    at: unixSeconds(clock),
  };
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

export interface CallbackProcessorOptions {
  apiKey: string;
  apiSecret: string;
  store: ProxyStore;
  clock: Clock;
  onCallback?: CallbackHandler;
}

/**
 * Verifies, de-duplicates, hands to the merchant, then publishes. At-least-once towards the merchant's handler:
 * the callback is acknowledged (200) only after the handler resolved; a throw releases the claim and answers 500 so
 * that CoinsPaid retries and the handler gets another go. Followers see each status once.
 */
export async function processCallback(
  raw: Uint8Array,
  headers: Headers,
  o: CallbackProcessorOptions,
): Promise<{ status: 200; duplicate: boolean }> {
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
  if (claim === 'done') return { status: 200, duplicate: true };
  if (claim === 'processing') {
    // The same callback is being handled right now (a duplicate delivery): ask CoinsPaid to come back later.
    throw new ProxyError(409, 'callback_in_progress', { callback: 'This callback is being handled; retry later.' });
  }
  if (claim === 'claimed') {
    try {
      await o.onCallback?.(payload);
    } catch (error) {
      await o.store.release(key);
      console.error(`coinspaid-terminal: onCallback failed for ${key}; answering 500 so CoinsPaid retries`, error);
      throw new ProxyError(500, 'callback_handler_failed', { callback: 'The merchant handler failed; CoinsPaid will retry.' });
    }
    // Recorded before publishing: if publishing fails, CoinsPaid's retry publishes without running the handler again.
    await o.store.complete(key, HANDLED_TTL_MS, 'handled');
  }
  const channel = channelOf(payload);
  const event = paymentEvent(payload, o.clock);
  if (channel && event) await o.store.publish(channel, event);
  await o.store.complete(key, HANDLED_TTL_MS, 'done');
  return { status: 200, duplicate: claim === 'handled' };
}
