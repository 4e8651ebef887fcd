import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { DELIVERY_RETENTION_MS, type DeliveryFilter, type WebhookDelivery, type WebhookQueue } from './types.js';

export interface MemoryWebhookQueueOptions {
  clock?: Clock;
  /** Finished deliveries kept in the log at most; the oldest go first. Default 10,000. */
  maxFinished?: number;
}

/**
 * The webhook queue in this process's memory: for one instance without Redis (development, the sandbox). What is
 * still pending when the process ends is lost (the service logs it at shutdown); run with `REDIS_URL` in production.
 */
export class MemoryWebhookQueue implements WebhookQueue {
  readonly #clock: Clock;
  readonly #maxFinished: number;
  /** Every known delivery, oldest first (Map keeps insertion order). */
  readonly #deliveries = new Map<string, WebhookDelivery>();
  /** Due time of each pending delivery (a leased one: when its lease ends). */
  readonly #due = new Map<string, number>();

  constructor(options: MemoryWebhookQueueOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#maxFinished = options.maxFinished ?? 10_000;
  }

  async add(delivery: WebhookDelivery): Promise<boolean> {
    this.#prune();
    if (this.#deliveries.has(delivery.id)) return false;
    this.#deliveries.set(delivery.id, structuredClone(delivery));
    if (delivery.state === 'pending') this.#due.set(delivery.id, delivery.next_attempt_at ?? this.#clock.now());
    return true;
  }

  async take(now: number, limit: number, leaseMs: number): Promise<WebhookDelivery[]> {
    const due = [...this.#due].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]);
    return due.slice(0, limit).map(([id]) => {
      this.#due.set(id, now + leaseMs);
      return structuredClone(this.#deliveries.get(id)!);
    });
  }

  async save(delivery: WebhookDelivery): Promise<void> {
    this.#deliveries.set(delivery.id, structuredClone(delivery));
    if (delivery.state === 'pending') this.#due.set(delivery.id, delivery.next_attempt_at ?? this.#clock.now());
    else this.#due.delete(delivery.id);
  }

  async get(id: string): Promise<WebhookDelivery | undefined> {
    const delivery = this.#deliveries.get(id);
    return delivery && structuredClone(delivery);
  }

  async list({ state, order_id, limit }: DeliveryFilter): Promise<WebhookDelivery[]> {
    const found: WebhookDelivery[] = [];
    for (const delivery of [...this.#deliveries.values()].reverse()) {
      if (found.length >= limit) break;
      if (state && delivery.state !== state) continue;
      if (order_id !== undefined && delivery.order_id !== order_id) continue;
      found.push(structuredClone(delivery));
    }
    return found;
  }

  async depth(): Promise<number> {
    return this.#due.size;
  }

  async nextDue(): Promise<number | null> {
    let next: number | null = null;
    for (const at of this.#due.values()) if (next === null || at < next) next = at;
    return next;
  }

  /** Pending deliveries, for the shutdown log of a process that cannot keep them. */
  pending(): WebhookDelivery[] {
    return [...this.#due.keys()].map((id) => structuredClone(this.#deliveries.get(id)!));
  }

  /** Forgets finished deliveries past their retention, then the oldest beyond the bound. Pending ones stay. */
  #prune(): void {
    const cutoff = this.#clock.now() - DELIVERY_RETENTION_MS;
    let finished = this.#deliveries.size - this.#due.size;
    for (const [id, delivery] of this.#deliveries) {
      if (delivery.state === 'pending') continue;
      if (finished <= this.#maxFinished && delivery.created_at >= cutoff) break;
      this.#deliveries.delete(id);
      finished--;
    }
  }

  async close(): Promise<void> {}
}
