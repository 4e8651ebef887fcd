import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FollowHandle, PaymentEvent } from '../../core/wire.js';
import type { ProxyClient } from '../proxy-client.js';

export interface PaymentStatusOptions {
  /** Each new event, once, in id order. */
  onEvent: (event: PaymentEvent) => void;
  /** Consecutive stream errors before falling back to polling; default 3. */
  maxStreamErrors?: number;
  /** Polling interval; default 4 s. */
  pollIntervalMs?: number;
}

export type StatusTransport = 'idle' | 'stream' | 'poll';

/**
 * Follows a payment's status: Server-Sent Events from the proxy (`payment` events; after a network blip EventSource
 * reconnects by itself with Last-Event-ID), polling `poll?after=<last id>` when the stream keeps failing (a proxy or
 * network that buffers or cuts streams). Opens on connect, closes on disconnect and, on reconnect, resumes after the
 * last event seen (`?lastEventId=`, since a new EventSource cannot send that header).
 */
export class PaymentStatusController implements ReactiveController {
  private readonly options: Required<PaymentStatusOptions>;
  private client: ProxyClient | null = null;
  private handle: FollowHandle | null = null;
  private lastId: string | null = null;
  private source: EventSource | null = null;
  private errors = 0;
  private currentTransport: StatusTransport = 'idle';
  private usePolling = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private pollAbort: AbortController | null = null;
  private connected = false;

  constructor(host: ReactiveControllerHost, options: PaymentStatusOptions) {
    this.options = { maxStreamErrors: 3, pollIntervalMs: 4000, ...options };
    host.addController(this);
  }

  /** Starts following `handle` (relative URLs resolve against the client's proxy base). */
  follow(client: ProxyClient, handle: FollowHandle): void {
    this.stop();
    this.client = client;
    this.handle = handle;
    this.lastId = null;
    this.usePolling = false;
    this.open();
  }

  /** Stops following (the payment is final, or the element shows something else). */
  stop(): void {
    this.close();
    this.handle = null;
  }

  get transport(): StatusTransport {
    return this.currentTransport;
  }

  get lastEventId(): string | null {
    return this.lastId;
  }

  hostConnected(): void {
    this.connected = true;
    this.open();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.close();
  }

  private open(): void {
    if (!this.connected || !this.handle || !this.client || this.currentTransport !== 'idle') return;
    if (this.usePolling) this.poll();
    else this.stream();
  }

  private close(): void {
    this.source?.close();
    this.source = null;
    clearTimeout(this.pollTimer);
    this.pollAbort?.abort();
    this.pollAbort = null;
    this.currentTransport = 'idle';
  }

  private stream(): void {
    const url = new URL(this.client!.url(this.handle!.stream));
    if (this.lastId !== null) url.searchParams.set('lastEventId', this.lastId);
    const source = new EventSource(url.href);
    this.source = source;
    this.currentTransport = 'stream';
    this.errors = 0;
    source.addEventListener('open', () => (this.errors = 0));
    source.addEventListener('payment', (message) => {
      this.errors = 0;
      this.receive((message as MessageEvent<string>).data);
    });
    source.addEventListener('error', () => {
      this.errors++;
      // CLOSED: the browser gave up (an HTTP error, not an event stream); otherwise it retries by itself.
      if (source.readyState === EventSource.CLOSED || this.errors >= this.options.maxStreamErrors) {
        this.close();
        this.usePolling = true;
        this.poll();
      }
    });
  }

  private poll(): void {
    this.currentTransport = 'poll';
    const abort = new AbortController();
    this.pollAbort = abort;
    this.client!.poll(this.handle!.poll, this.lastId, abort.signal)
      .then((poll) => {
        for (const event of poll.events) this.receive(event);
      })
      .catch(() => undefined) // a failed poll is retried at the next interval
      .finally(() => {
        if (abort.signal.aborted || this.currentTransport !== 'poll') return;
        this.pollTimer = setTimeout(() => this.poll(), this.options.pollIntervalMs);
      });
  }

  private receive(data: string | PaymentEvent): void {
    let event: PaymentEvent;
    try {
      event = typeof data === 'string' ? (JSON.parse(data) as PaymentEvent) : data;
    } catch {
      return;
    }
    if (typeof event?.id !== 'string' || typeof event.status !== 'string') return;
    if (this.lastId !== null && Number(event.id) <= Number(this.lastId)) return;
    this.lastId = event.id;
    this.options.onEvent(event);
  }
}
