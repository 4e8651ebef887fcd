import type { SettlementChange, SettlementOutbox } from '../proxy/observer.js';
import { WebhookDispatcher, type DeliveryResult, type WebhookDispatcherOptions } from './dispatcher.js';
import { MemoryWebhookQueue } from './memory-queue.js';
import { settlementDelivery } from './message.js';
import type { DeliveryFilter, WebhookDelivery, WebhookQueue } from './types.js';

export interface WebhooksOptions extends Omit<WebhookDispatcherOptions, 'queue' | 'onResult'> {
  /** Default: this process's memory. Give a RedisWebhookQueue for deliveries that survive a restart. */
  queue?: WebhookQueue;
  /** A new delivery was queued (not a repeat of a known one). */
  onQueued?(delivery: WebhookDelivery): void;
  onResult?(result: DeliveryResult, delivery: WebhookDelivery): void;
}

/**
 * Signed webhooks to the merchant's backend, one per settlement change of a checkout: the proxy's outbox (pass it as
 * `createTerminalProxy({ outbox })`), the queue, and the dispatcher that empties it. `start()` once the process
 * serves; `stop()` when it goes.
 */
export class Webhooks implements SettlementOutbox {
  readonly queue: WebhookQueue;
  readonly dispatcher: WebhookDispatcher;
  readonly #options: WebhooksOptions;

  constructor(options: WebhooksOptions) {
    this.#options = options;
    this.queue = options.queue ?? new MemoryWebhookQueue({ clock: options.clock });
    this.dispatcher = new WebhookDispatcher({
      ...options,
      queue: this.queue,
      ...(options.onResult ? { onResult: options.onResult } : {}),
    });
  }

  /** Queues the change's webhook (once per change: a repeat has the same webhook-id and is dropped). */
  async settlementChanged(change: SettlementChange): Promise<void> {
    const delivery = settlementDelivery(change, this.#options.clock.now());
    if (!(await this.queue.add(delivery))) return;
    this.#options.onQueued?.(delivery);
    this.dispatcher.kick();
  }

  start(): void {
    this.dispatcher.start();
  }

  stop(): Promise<void> {
    return this.dispatcher.stop();
  }

  get(id: string): Promise<WebhookDelivery | undefined> {
    return this.queue.get(id);
  }

  list(filter: DeliveryFilter): Promise<WebhookDelivery[]> {
    return this.queue.list(filter);
  }

  /**
   * Sends a delivery again now, whatever became of it, as a new series of attempts (72 hours of retries again) with
   * the same webhook-id: a receiver that processed it already drops it. Undefined for an unknown id.
   */
  async resend(id: string): Promise<WebhookDelivery | undefined> {
    const delivery = await this.queue.get(id);
    if (!delivery) return undefined;
    const now = this.#options.clock.now();
    const resent: WebhookDelivery = { ...delivery, state: 'pending', series_started_at: now, series_attempts: 0, next_attempt_at: now };
    await this.queue.save(resent);
    this.dispatcher.kick();
    return resent;
  }
}
