import type { ReactiveControllerHost } from 'lit';
import type { FollowHandle, PaymentEvent } from '../../core/wire.js';
import type { ProxyClient } from '../proxy-client.js';
import type { CountdownController } from './countdown-controller.js';
import { PaymentStatusController } from './payment-status-controller.js';

/**
 * The payments to the address (or invoice) a mode follows: the latest event, and the latest event of each payment,
 * since customers may pay in parts. One per element, shared by its modes; the screens read it (the receipt's txid,
 * "seen, N confirmations"). The stream itself is a PaymentStatusController.
 */
export class FollowedPayments {
  /** The latest event of any payment followed. */
  latest: PaymentEvent | null = null;
  /** The latest event of each payment, by payment id. */
  all: ReadonlyMap<number, PaymentEvent> = new Map();
  /** The first payment was seen after the time to pay had run out. */
  afterExpiry = false;
  private readonly stream: PaymentStatusController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => ProxyClient | null,
    /** The time to pay: a first payment after it ran out is told so. */
    private readonly expiry: CountdownController,
  ) {
    this.stream = new PaymentStatusController(host, { onEvent: (event) => this.seen(event) });
  }

  /** Follows a new address's (or invoice's) payments, forgetting the previous one's. */
  start(handle: FollowHandle): void {
    this.reset();
    this.stream.follow(this.client()!, handle);
  }

  /** Stops listening (the payment is final); what was seen stays. */
  stop(): void {
    this.stream.stop();
  }

  /** Stops listening and forgets what was seen (the customer chooses another currency). */
  reset(): void {
    this.stop();
    this.latest = null;
    this.all = new Map();
    this.afterExpiry = false;
    this.host.requestUpdate();
  }

  private seen(event: PaymentEvent): void {
    if (this.all.size === 0) this.afterExpiry = this.expiry.ended;
    this.latest = event;
    this.all = new Map(this.all).set(event.payment_id, event);
    this.host.requestUpdate();
  }
}

/** What modes and screens get of FollowedPayments: they read it and start it; only the stream's events change it. */
export type PaymentFollow = Pick<FollowedPayments, 'start' | 'stop' | 'reset'> &
  Readonly<Pick<FollowedPayments, 'latest' | 'all' | 'afterExpiry'>>;
