import type { Clock, ClockTimer } from '../../core/clock.js';
import type { CallbackSender } from './callbacks.js';
import { price, windowStart } from './catalogue.js';
import { SandboxError } from './errors.js';
import { Ledger } from './ledger.js';

export interface AccountOptions {
  seed: number;
  clock: Clock;
  callbacks: CallbackSender;
  confirmationDelayMs: number;
}

/** Things whose foreign_id CoinsPaid keeps unique (addresses are reused instead). */
export type ForeignIdKind = 'exchange' | 'withdrawal' | 'invoice';

/**
 * CoinsPaid numbers each kind of thing on its own: a callback's root `id` (the deposit, withdrawal or exchange),
 * the `transactions[].id` of its legs, a crypto_address `id`, an invoice `id`, a `futures_id`. The published payloads
 * show them in different ranges (root 2686579, its transaction 714680, its address 381711; invoices and futures in
 * the hundreds), so the sandbox starts each sequence there: code that takes one for another fails here, as it would
 * live.
 */
export type IdKind = 'operation' | 'transaction' | 'address' | 'invoice' | 'futures';

const FIRST_IDS: Readonly<Record<IdKind, number>> = {
  operation: 2_686_500,
  transaction: 714_600,
  address: 381_700,
  invoice: 500,
  futures: 90,
};

/**
 * What every part of the sandbox's merchant account shares: the clock and the timers it runs on, the id sequences,
 * the ledger, foreign_id registers, prices and the callback queue.
 */
export class Account {
  readonly seed: number;
  readonly clock: Clock;
  readonly callbacks: CallbackSender;
  /** Clock-ms between a transaction being seen and its final status. */
  readonly confirmationDelayMs: number;
  readonly ledger = new Ledger();
  readonly #nextIds = new Map<IdKind, number>();
  readonly #timers = new Set<ClockTimer>();
  readonly #foreignIds = new Map<ForeignIdKind, Set<string>>();

  constructor(options: AccountOptions) {
    this.seed = options.seed;
    this.clock = options.clock;
    this.callbacks = options.callbacks;
    this.confirmationDelayMs = options.confirmationDelayMs;
  }

  /** Unix seconds on the sandbox clock. */
  get now(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** The next id of `kind` (default: a callback's root id, the CoinsPaid "transaction" of a deposit, withdrawal or exchange). */
  nextId(kind: IdKind = 'operation'): number {
    const id = this.#nextIds.get(kind) ?? FIRST_IDS[kind];
    this.#nextIds.set(kind, id + 1);
    return id;
  }

  /** Runs `fn` after `ms` of sandbox-clock time, unless the account is disposed first. */
  later(ms: number, fn: () => void): void {
    const timer = this.clock.setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  assertForeignIdFree(kind: ForeignIdKind, foreignId: string): void {
    if (this.#foreignIds.get(kind)?.has(foreignId)) throw new SandboxError(400, { foreign_id: 'The foreign id has already been taken.' });
  }

  /** Marks a foreign_id used. Call it only once nothing else can refuse the request: a refusal leaves it free. */
  claimForeignId(kind: ForeignIdKind, foreignId: string): void {
    this.assertForeignIdFree(kind, foreignId);
    const used = this.#foreignIds.get(kind) ?? new Set<string>();
    this.#foreignIds.set(kind, used);
    used.add(foreignId);
  }

  /** The pair's price in the current fix period, and when that period started. */
  price(from: string, to: string): { price: string; ts_fixed: number } {
    const ts_fixed = windowStart(this.now);
    return { price: price(this.seed, from, to, ts_fixed), ts_fixed };
  }

  dispose(): void {
    for (const timer of this.#timers) this.clock.clearTimeout(timer);
    this.#timers.clear();
  }
}

/** A made-up transaction hash, 64 hex digits, unique per transaction id. */
export function fakeTxid(id: number): string {
  return id.toString(16).padStart(64, 'a');
}
