import { ProxyError } from './errors.js';

export interface StreamLimitOptions {
  /** Open status streams in this process; default 10,000 (what one instance holds in bench/RESULTS.md). */
  maxStreams?: number;
  /** Open streams from one client address; default 50 (a shop's office behind one NAT, many tabs). */
  maxStreamsPerClient?: number;
  /** Open streams following one checkout; default 10 (a customer's tabs and devices). */
  maxStreamsPerCheckout?: number;
}

/** Past a limit, a new stream is refused for this long; the widget polls meanwhile (its fallback). */
const RETRY_AFTER_SECONDS = 30;

/**
 * Bounds on the status streams one process holds open. Each stream is a socket and a file descriptor: without
 * bounds, one client opening thousands would exhaust the process's descriptors and every other connection would fail.
 * Per process, not per fleet: each instance protects its own descriptors.
 */
export class StreamLimits {
  readonly #max: number;
  readonly #perClient: number;
  readonly #perCheckout: number;
  #open = 0;
  readonly #byClient = new Map<string, number>();
  readonly #byCheckout = new Map<string, number>();

  constructor(options: StreamLimitOptions = {}) {
    this.#max = options.maxStreams ?? 10_000;
    this.#perClient = options.maxStreamsPerClient ?? 50;
    this.#perCheckout = options.maxStreamsPerCheckout ?? 10;
  }

  /**
   * Admits a stream for `client` following `checkout`, or throws a 429 with Retry-After naming which bound it hit.
   * Returns the release function, to call exactly once when the stream closes.
   */
  admit(client: string, checkout: string): () => void {
    const byClient = this.#byClient.get(client) ?? 0;
    const byCheckout = this.#byCheckout.get(checkout) ?? 0;
    const refuse = (why: string) => new ProxyError(429, 'rate_limited', { stream: why }, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
    if (this.#open >= this.#max) throw refuse('Too many open status streams on this server. Try again shortly.');
    if (byClient >= this.#perClient) throw refuse('Too many open status streams from this network.');
    if (byCheckout >= this.#perCheckout) throw refuse('Too many open status streams for this payment.');
    this.#open++;
    this.#byClient.set(client, byClient + 1);
    this.#byCheckout.set(checkout, byCheckout + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#open--;
      decrement(this.#byClient, client);
      decrement(this.#byCheckout, checkout);
    };
  }
}

/** Counts drop out of the map at zero: the maps hold only clients and checkouts with a stream open now. */
function decrement(counts: Map<string, number>, key: string): void {
  const count = (counts.get(key) ?? 1) - 1;
  if (count <= 0) counts.delete(key);
  else counts.set(key, count);
}
