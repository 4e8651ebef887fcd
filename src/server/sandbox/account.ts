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
 * What every part of the sandbox's merchant account shares: the clock and the timers it runs on, one id sequence
 * (CoinsPaid's ids grow across kinds), the ledger, foreign_id registers, prices and the callback queue.
 */
export class Account {
  readonly seed: number;
  readonly clock: Clock;
  readonly callbacks: CallbackSender;
  /** Clock-ms between a transaction being seen and its final status. */
  readonly confirmationDelayMs: number;
  readonly ledger = new Ledger();
  #nextId = 1000;
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

  nextId(): number {
    return this.#nextId++;
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
