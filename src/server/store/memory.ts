import type { PaymentEvent } from '../../core/wire.js';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { eventIdFloor, type ClaimState, type NewPaymentEvent, type ProxyStore } from './types.js';

export interface MemoryStoreOptions {
  clock?: Clock;
  /** Events kept per payment for replay after a reconnect. */
  replayLimit?: number;
  /** How long a payment's events are kept after the last one. */
  replayTtlMs?: number;
  /** Upper bound on cached entries; the oldest go first. */
  maxEntries?: number;
  /** Upper bound on remembered budgets (per-client limits); expired ones, then the least recently used, go first. */
  maxBudgets?: number;
}

interface Entry {
  value: unknown;
  expiresAt: number;
}

interface Channel {
  events: PaymentEvent[];
  lastId: number;
  expiresAt: number;
  listeners: Set<(event: PaymentEvent) => void>;
}

/** The single-process store: everything in this process's memory, with TTLs and bounds. */
export class MemoryStore implements ProxyStore {
  readonly #clock: Clock;
  readonly #replayLimit: number;
  readonly #replayTtlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  /** Spending times per budget key (an IP's limit, the fleet's upstream calls); swept when over `maxBudgets`. */
  readonly #budgets = new Map<string, { times: number[]; windowMs: number }>();
  readonly #maxBudgets: number;
  readonly #channels = new Map<string, Channel>();

  constructor(options: MemoryStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#replayLimit = options.replayLimit ?? 100;
    this.#replayTtlMs = options.replayTtlMs ?? 24 * 60 * 60 * 1000;
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#maxBudgets = options.maxBudgets ?? 10_000;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #put(key: string, value: unknown, ttlMs: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#clock.now() + ttlMs });
    if (this.#entries.size > this.#maxEntries) this.#sweep();
  }

  /** Drops expired entries, then the oldest ones until under the bound (Map keeps insertion order). */
  #sweep(): void {
    const now = this.#clock.now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(key);
    }
    for (const [name, channel] of this.#channels) if (channel.expiresAt <= now && channel.listeners.size === 0) this.#channels.delete(name);
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.#live(key)?.value as T | undefined;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.#put(key, value, ttlMs);
  }

  async acquireLock(key: string, ttlMs: number): Promise<boolean> {
    if (this.#live(`lock:${key}`)) return false;
    this.#put(`lock:${key}`, true, ttlMs);
    return true;
  }

  async releaseLock(key: string): Promise<void> {
    this.#entries.delete(`lock:${key}`);
  }

  async takeBudget(key: string, limit: number, windowMs: number): Promise<boolean> {
    const now = this.#clock.now();
    const recent = (this.#budgets.get(key)?.times ?? []).filter((t) => t > now - windowMs);
    const allowed = recent.length < limit;
    if (allowed) recent.push(now);
    this.#budgets.delete(key); // re-inserted last: the map's order is least recently used first
    if (recent.length) this.#budgets.set(key, { times: recent, windowMs });
    if (this.#budgets.size > this.#maxBudgets) this.#sweepBudgets(now);
    return allowed;
  }

  /**
   * Drops budgets whose window has passed (a client address seen once, long ago), then the least recently used while
   * still over the bound: every client address that ever asked would otherwise be remembered forever.
   */
  #sweepBudgets(now: number): void {
    for (const [key, budget] of this.#budgets) if (budget.times.at(-1)! <= now - budget.windowMs) this.#budgets.delete(key);
    for (const key of this.#budgets.keys()) {
      if (this.#budgets.size <= this.#maxBudgets) break;
      this.#budgets.delete(key);
    }
  }

  /** How many budgets (client addresses, mostly) are remembered: for tests and metrics. */
  get budgetCount(): number {
    return this.#budgets.size;
  }

  async claim(key: string, ttlMs: number): Promise<ClaimState> {
    const existing = this.#live(`claim:${key}`);
    if (existing) return existing.value as ClaimState;
    this.#put(`claim:${key}`, 'processing', ttlMs);
    return 'claimed';
  }

  async complete(key: string, ttlMs: number, state: 'handled' | 'done' = 'done'): Promise<void> {
    this.#put(`claim:${key}`, state, ttlMs);
  }

  async release(key: string): Promise<void> {
    this.#entries.delete(`claim:${key}`);
  }

  #channel(name: string): Channel {
    let channel = this.#channels.get(name);
    if (!channel) {
      channel = { events: [], lastId: 0, expiresAt: this.#clock.now() + this.#replayTtlMs, listeners: new Set() };
      this.#channels.set(name, channel);
    }
    return channel;
  }

  async publish(name: string, event: NewPaymentEvent): Promise<PaymentEvent> {
    const channel = this.#channel(name);
    channel.lastId = Math.max(channel.lastId + 1, eventIdFloor(this.#clock));
    const published: PaymentEvent = { id: String(channel.lastId), ...event };
    channel.events.push(published);
    if (channel.events.length > this.#replayLimit) channel.events.shift();
    channel.expiresAt = this.#clock.now() + this.#replayTtlMs;
    for (const listener of channel.listeners) listener(published);
    return published;
  }

  async since(name: string, afterId: string | null): Promise<PaymentEvent[]> {
    const events = this.#channels.get(name)?.events ?? [];
    const after = afterId === null ? 0 : Number(afterId);
    return Number.isFinite(after) ? events.filter((e) => Number(e.id) > after) : events;
  }

  /** One process never misses its own publications, so there is no gap to report. */
  subscribe(name: string, listener: (event: PaymentEvent) => void): () => void {
    const channel = this.#channel(name);
    channel.listeners.add(listener);
    return () => {
      channel.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    for (const channel of this.#channels.values()) channel.listeners.clear();
  }
}
