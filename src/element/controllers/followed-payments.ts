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
  private last: PaymentEvent | null = null;
  private byId: ReadonlyMap<number, PaymentEvent> = new Map();
  private late = false;
  private readonly stream: PaymentStatusController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => ProxyClient | null,
    /** The time to pay: a first payment after it ran out is told so. */
    private readonly expiry: CountdownController,
  ) {
    this.stream = new PaymentStatusController(host, { onEvent: (event) => this.seen(event) });
  }

  /** The latest event of any payment followed. */
  get latest(): PaymentEvent | null {
    return this.last;
  }

  /** The latest event of each payment, by payment id. */
  get all(): ReadonlyMap<number, PaymentEvent> {
    return this.byId;
  }

  /** The first payment was seen after the time to pay had run out. */
  get afterExpiry(): boolean {
    return this.late;
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
    this.last = null;
    this.byId = new Map();
    this.late = false;
    this.host.requestUpdate();
  }

  private seen(event: PaymentEvent): void {
    if (this.byId.size === 0) this.late = this.expiry.ended;
    this.last = event;
    this.byId = new Map(this.byId).set(event.payment_id, event);
    this.host.requestUpdate();
  }
}
