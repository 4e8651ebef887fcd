import type { MiddlewareHandler } from 'hono';

/**
 * Graceful shutdown's bookkeeping. Once draining, new requests are answered 503 with `Connection: close` (a load
 * balancer or CoinsPaid tries another instance or comes back later) except `/healthz` (the process is alive and
 * finishing) and `/readyz` (which says `draining`); requests already being handled — a callback above all — run to their end and are counted until then;
 * and every open status stream is told to reconnect (SSE `retry:`, then closed), so the browser resumes on another
 * instance from its last event id.
 */
export class Drain {
  #draining = false;
  #inFlight = 0;
  readonly #streams = new Set<(retryMs: number) => void>();
  #waiters: Array<() => void> = [];

  get draining(): boolean {
    return this.#draining;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get openStreams(): number {
    return this.#streams.size;
  }

  /** The proxy's stream hook: remembers the stream until it closes. */
  streamOpened = (reconnect: (retryMs: number) => void): (() => void) => {
    this.#streams.add(reconnect);
    return () => this.#streams.delete(reconnect);
  };

  /**
   * Counts requests in flight and, while draining, refuses new ones. `exempt` paths are served to the end: the probes,
   * and in sandbox mode the embedded sandbox, which a callback in flight may still call (it is this process's CoinsPaid).
   */
  middleware(exempt: (path: string) => boolean = () => false): MiddlewareHandler {
    return async (c, next) => {
      const path = c.req.path;
      if (this.#draining && path !== '/healthz' && path !== '/readyz' && !exempt(path)) {
        return c.json({ errors: { server: 'This instance is shutting down. Try again.' }, code: 'upstream_unavailable' }, 503, {
          Connection: 'close',
          'Retry-After': '1',
        });
      }
      this.#inFlight++;
      try {
        await next();
      } finally {
        this.#inFlight--;
        if (this.#inFlight === 0) for (const resolve of this.#waiters.splice(0)) resolve();
      }
    };
  }

  /**
   * Starts draining: refuses what comes next and sends the open streams away, each told to come back after 1 to 3 s
   * (spread, so the other instances are not met by every browser at once).
   */
  begin(random: () => number = Math.random): void {
    this.#draining = true;
    for (const reconnect of [...this.#streams]) reconnect(1000 + Math.round(random() * 2000));
  }

  /** Resolves true once nothing is in flight, or false when `timeoutMs` passed first. */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.#inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.#waiters.push(done);
    });
  }
}
