import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { OrderSettlement } from '../../core/wire.js';
import type { SettlementChange } from '../proxy/observer.js';
import type { WebhookDelivery } from './types.js';

/**
 * What the merchant's backend receives: Standard Webhooks (https://www.standardwebhooks.com) messages — a JSON body
 * `{type, timestamp, data}` and the headers `webhook-id`, `webhook-timestamp` and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under the `whsec_` secret) — so any Standard Webhooks library
 * verifies them. Signing is the `standardwebhooks` package's own.
 */

export const SETTLEMENT_UPDATED = 'settlement.updated';

/** `data` of a `settlement.updated` webhook: the settlement, whose customer it is, and the callback that changed it. */
export interface SettlementWebhookData extends OrderSettlement {
  /** The checkout token's foreign_id (the merchant's customer). */
  foreign_id: string;
  /** The CoinsPaid callback that caused this change: `type` deposit, deposit_exchange or invoice, its id and status. */
  callback: { id: number; type: string; status: string };
}

export interface SettlementWebhook {
  type: typeof SETTLEMENT_UPDATED;
  /** When the settlement changed (ISO 8601): a receiver that sees two changes of one order out of order keeps the later. */
  timestamp: string;
  data: SettlementWebhookData;
}

/**
 * The webhook-id of a settlement change: a digest of the checkout and of what the change decided (status, amounts,
 * payments). CoinsPaid's retry of the same callback, or the same deposit reported once as `deposit` and once as
 * `deposit_exchange`, yields the same id, so it is queued once and a receiver that keeps ids drops repeats; a real
 * change (another payment, another status) yields another.
 */
export function settlementWebhookId(settlement: OrderSettlement): string {
  const decided = {
    checkout: settlement.checkout_id,
    status: settlement.status,
    received: settlement.received,
    remaining: settlement.remaining,
    overpaid: settlement.overpaid,
    late: settlement.late,
    payments: settlement.payments.map((p) => [p.id, p.status, p.sent.amount, p.sent.currency]),
  };
  return `msg_${createHash('sha256').update(JSON.stringify(decided)).digest('base64url').slice(0, 24)}`;
}

/** A new delivery for a settlement change, due at once. */
export function settlementDelivery(change: SettlementChange, now: number): WebhookDelivery {
  const message: SettlementWebhook = {
    type: SETTLEMENT_UPDATED,
    timestamp: new Date(change.at).toISOString(),
    data: { ...change.settlement, foreign_id: change.foreign_id, callback: change.callback },
  };
  return {
    id: settlementWebhookId(change.settlement),
    type: SETTLEMENT_UPDATED,
    body: JSON.stringify(message),
    checkout_id: change.settlement.checkout_id,
    order_id: change.settlement.order_id,
    settlement_status: change.settlement.status,
    created_at: change.at,
    state: 'pending',
    attempts: 0,
    series_started_at: now,
    series_attempts: 0,
    next_attempt_at: now,
    delivered_at: null,
    history: [],
  };
}

/** `whsec_` + base64 of 24 to 64 random bytes, as the Standard Webhooks specification serializes a symmetric secret. */
export function isWebhookSecret(secret: string): boolean {
  if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) return false;
  const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/** Signs webhook messages for one endpoint's secret. */
export class WebhookSigner {
  readonly #webhook: Webhook;

  constructor(secret: string) {
    if (!isWebhookSecret(secret)) throw new TypeError('webhook secret must be whsec_ followed by base64 of 24 to 64 bytes');
    this.#webhook = new Webhook(secret);
  }

  /** The Standard Webhooks headers of one attempt at `timestampSeconds` (the attempt's time, not the event's). */
  headers(id: string, timestampSeconds: number, body: string): Record<string, string> {
    return {
      'webhook-id': id,
      'webhook-timestamp': String(timestampSeconds),
      'webhook-signature': this.#webhook.sign(id, new Date(timestampSeconds * 1000), body),
    };
  }
}
