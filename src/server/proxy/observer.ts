import type { OrderSettlement } from '../../core/wire.js';

/**
 * Hooks through which a process running the proxy watches it and takes its settlements elsewhere, without the proxy
 * knowing about metrics libraries, loggers or webhooks. The service (`npx coinspaid-terminal`) implements them with
 * prom-client and Standard Webhooks; every hook is optional and must not throw.
 */

/** How a callback from CoinsPaid ended. */
export type CallbackResult =
  /** Verified and handled: news for the checkout, handed on, acknowledged. */
  | 'handled'
  /** Seen before: acknowledged without handing it on again. */
  | 'duplicate'
  /** A status older than the one known: acknowledged, not passed on. */
  | 'ignored'
  /** Bad signature, unknown key, malformed body: refused (4xx). */
  | 'rejected'
  /** The same callback is being handled right now (409): CoinsPaid comes back later. */
  | 'in_progress'
  /** The merchant's handler, the outbox or the store failed (5xx): CoinsPaid retries. */
  | 'failed';

export interface ProxyObserver {
  /** A rate request was answered from a fresh cached rate (`hit`) or needed CoinsPaid (`miss`). */
  rateLookup?(result: 'hit' | 'miss'): void;
  /**
   * A status stream opened. `reconnect` asks it to tell the browser to reconnect after `retryMs` and end (a draining
   * instance sends its streams to the others). Returns what to call once the stream has closed, for whatever reason.
   */
  streamOpened?(reconnect: (retryMs: number) => void): () => void;
  callback?(result: CallbackResult): void;
  /** A checkout's settlement changed (counted once per change, not per duplicate callback). */
  settlement?(settlement: OrderSettlement): void;
}

/** One change of a checkout's settlement, and the CoinsPaid callback that caused it. */
export interface SettlementChange {
  settlement: OrderSettlement;
  /** The checkout token's `foreign_id`: the merchant's customer. */
  foreign_id: string;
  callback: { id: number; type: string; status: string };
  /** When the proxy saw the change, milliseconds since the epoch (its clock). */
  at: number;
}

/**
 * Takes settlement changes out of the proxy durably: the callback that caused a change is acknowledged to CoinsPaid
 * only after `settlementChanged` resolved, and a rejection answers CoinsPaid 503 so that it delivers the callback
 * again. Must be idempotent: CoinsPaid's retry of a callback whose acknowledgement was lost brings the same change.
 */
export interface SettlementOutbox {
  settlementChanged(change: SettlementChange): Promise<void>;
}
