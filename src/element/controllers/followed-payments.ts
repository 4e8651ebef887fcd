import type { ReactiveControllerHost } from 'lit';
import type { FollowHandle, OrderSettlement, PaymentEvent, SettlementStatus } from '../../core/wire.js';
import type { TerminalStatus } from '../events.js';
import type { ProxyClient } from '../proxy-client.js';
import type { PaymentStatusController } from './payment-status-controller.js';

/** The element's status for each settlement the proxy can send (`waiting`: the mode's own state decides). */
const SETTLED: Record<SettlementStatus, TerminalStatus | null> = {
  waiting: null,
  pending: 'not_confirmed',
  paid: 'confirmed',
  underpaid: 'underpaid',
  cancelled: 'cancelled',
  expired: 'expired',
};

/**
 * The checkout a mode follows: where it stands, as the proxy decided it (the settlement of the grant that showed the
 * address, then of each payment event), and the latest event (the confirmations so far). One per element, shared by
 * its modes; the screens read it. The element never judges payments itself: the shop's server is told the same
 * settlement, so the two cannot disagree. The stream itself is a PaymentStatusController, whose code comes with the
 * settled screens (views/settled.ts), after the address has been painted: no payment can be seen before the customer
 * has seen where to send it, and a stream opened later misses nothing (it starts from the checkout's first event).
 */
export class FollowedPayments {
  /** The latest event of any payment followed. */
  latest: PaymentEvent | null = null;
  /** Where the checkout stands: from the grant, then from each event that carries one. */
  settlement: OrderSettlement | null = null;
  private stream: PaymentStatusController | null = null;
  /** What start() asked to follow, until stop(). */
  private handle: FollowHandle | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => ProxyClient | null,
  ) {}

  /** The stream's code has loaded: it follows what start() asked for until then, and from now on. */
  useStream(Stream: typeof PaymentStatusController): void {
    if (this.stream) return;
    this.stream = new Stream(this.host, { onEvent: (event) => this.seen(event) });
    if (this.handle) this.stream.follow(this.client()!, this.handle);
  }

  /** Follows a checkout from where its grant says it stands (a reload may find it part paid), forgetting the previous one. */
  start(handle: FollowHandle, settlement: OrderSettlement): void {
    this.reset();
    this.settlement = settlement;
    this.handle = handle;
    this.stream?.follow(this.client()!, handle);
  }

  /** Stops listening (the payment is final); what was seen stays. */
  stop(): void {
    this.handle = null;
    this.stream?.stop();
  }

  /** Stops listening and forgets what was seen (the customer chooses another currency). */
  reset(): void {
    this.stop();
    this.latest = this.settlement = null;
    this.host.requestUpdate();
  }

  /**
   * The element's status for where the checkout stands, or null while nothing was seen (the mode decides: waiting,
   * ready, loading). Time is the one thing judged here: a checkout with nothing paid whose time ran out (`ended`) is
   * expired, as the proxy would say if asked now.
   */
  status(ended: boolean): TerminalStatus | null {
    const status = this.settlement?.status;
    if (!status) return null;
    if (ended && (status === 'waiting' || status === 'cancelled')) return 'expired';
    return SETTLED[status];
  }

  private seen(event: PaymentEvent): void {
    this.latest = event;
    if (event.settlement) this.settlement = event.settlement;
    this.host.requestUpdate();
  }
}

/** What modes and screens get of FollowedPayments: they read it and start it; only the stream's events change it. */
export type PaymentFollow = Pick<FollowedPayments, 'start' | 'stop' | 'reset' | 'status'> &
  Readonly<Pick<FollowedPayments, 'latest' | 'settlement'>>;
