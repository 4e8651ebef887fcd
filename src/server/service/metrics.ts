import type { MiddlewareHandler } from 'hono';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Endpoint } from '../coinspaid/client.js';
import { RETRY_SAFETY } from '../coinspaid/client.js';
import type { CallbackResult, ProxyObserver } from '../proxy/observer.js';
import type { DeliveryResult } from '../webhooks/dispatcher.js';

/**
 * The service's Prometheus metrics (prom-client), in a registry of its own. Label values come from closed lists (the
 * API's endpoints, status codes, results), never from requests, so the series stay few. Every series a dashboard or an
 * alert reads is created at zero, so `rate()` and `increase()` work from the first scrape.
 */

const P = 'coinspaid_terminal_';
const ENDPOINTS = Object.keys(RETRY_SAFETY) as Endpoint[];
const CALLBACK_RESULTS: CallbackResult[] = ['handled', 'duplicate', 'ignored', 'rejected', 'in_progress', 'failed'];
const DELIVERY_RESULTS: DeliveryResult[] = ['delivered', 'retry', 'failed'];
const SETTLEMENT_STATUSES = ['waiting', 'pending', 'paid', 'underpaid', 'cancelled', 'expired'];

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly upstreamRequests = new Counter({
    name: `${P}upstream_requests_total`,
    help: 'Calls to the CoinsPaid API by endpoint and HTTP status (timeout, network: no answer).',
    labelNames: ['endpoint', 'status'] as const,
    registers: [this.registry],
  });
  readonly upstreamDuration = new Histogram({
    name: `${P}upstream_request_duration_seconds`,
    help: 'Time to the answer of CoinsPaid API calls, by endpoint.',
    labelNames: ['endpoint'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15],
    registers: [this.registry],
  });
  readonly upstreamRateLimited = new Counter({
    name: `${P}upstream_rate_limited_total`,
    help: 'CoinsPaid answers 429 (rate limit), by endpoint.',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });
  readonly rateCache = new Counter({
    name: `${P}rate_cache_lookups_total`,
    help: 'Exchange rate requests answered from a fresh cached rate (hit) or needing CoinsPaid (miss).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly openStreams = new Gauge({
    name: `${P}open_streams`,
    help: 'Payment status streams (Server-Sent Events) open on this instance.',
    registers: [this.registry],
  });
  readonly callbacks = new Counter({
    name: `${P}callbacks_total`,
    help: 'Callbacks from CoinsPaid by result: handled, duplicate, ignored (status went backwards), rejected, in_progress, failed.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly settlements = new Counter({
    name: `${P}settlements_total`,
    help: 'Settlement changes of checkouts, by the status they changed to.',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly webhooksQueued = new Counter({
    name: `${P}webhooks_queued_total`,
    help: 'Webhooks queued for the merchant (one per settlement change).',
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: `${P}webhook_deliveries_total`,
    help: 'Webhook delivery attempts by result: delivered, retry (will be sent again), failed (given up).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  #queueDepth: (() => Promise<number>) | null = null;
  readonly webhookQueueDepth: Gauge = new Gauge({
    name: `${P}webhook_queue_depth`,
    help: 'Webhooks not yet delivered nor given up (fleet-wide with Redis).',
    registers: [this.registry],
    // Read from the queue at each scrape; a failing read (the queue unreachable: /readyz says so) keeps the last value.
    collect: async () => {
      if (!this.#queueDepth) return;
      try {
        this.webhookQueueDepth.set(await this.#queueDepth());
      } catch {
        // kept
      }
    },
  });
  readonly httpRequests = new Counter({
    name: `${P}http_requests_total`,
    help: 'Requests answered by this instance, by method and status.',
    labelNames: ['method', 'status'] as const,
    registers: [this.registry],
  });

  constructor({ processMetrics = true }: { processMetrics?: boolean } = {}) {
    // Standard process_* and nodejs_* series (CPU, memory, event loop lag, handles).
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
    for (const endpoint of ENDPOINTS) {
      this.upstreamRateLimited.inc({ endpoint }, 0);
      this.upstreamDuration.zero({ endpoint });
    }
    for (const result of ['hit', 'miss']) this.rateCache.inc({ result }, 0);
    for (const result of CALLBACK_RESULTS) this.callbacks.inc({ result }, 0);
    for (const result of DELIVERY_RESULTS) this.webhookDeliveries.inc({ result }, 0);
    for (const status of SETTLEMENT_STATUSES) this.settlements.inc({ status }, 0);
  }

  /**
   * The proxy's hooks. `streams` is told of every stream too (the drain asks them to reconnect at shutdown); its
   * answer is called when the stream closes.
   */
  observer(streams?: Required<Pick<ProxyObserver, 'streamOpened'>>): ProxyObserver {
    return {
      rateLookup: (result) => this.rateCache.inc({ result }),
      streamOpened: (reconnect) => {
        this.openStreams.inc();
        const forget = streams?.streamOpened(reconnect);
        let open = true;
        return () => {
          if (!open) return;
          open = false;
          this.openStreams.dec();
          forget?.();
        };
      },
      callback: (result) => this.callbacks.inc({ result }),
      settlement: (settlement) => this.settlements.inc({ status: settlement.status }),
    };
  }

  webhookResult(result: DeliveryResult): void {
    this.webhookDeliveries.inc({ result });
  }

  /** Where the queue depth gauge reads from. */
  trackQueueDepth(depth: () => Promise<number>): void {
    this.#queueDepth = depth;
  }

  /**
   * A fetch for the CoinsPaid client that counts each call by endpoint and status and times it. The endpoint is the
   * path under `baseUrl` when it is one of the API's, else `other`.
   */
  instrumentFetch(baseUrl: string, fetch: typeof globalThis.fetch = globalThis.fetch.bind(globalThis)): typeof globalThis.fetch {
    const root = baseUrl.replace(/\/+$/, '') + '/';
    return async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const path = url.startsWith(root) ? url.slice(root.length) : '';
      const endpoint = (ENDPOINTS as string[]).includes(path) ? path : 'other';
      const stop = this.upstreamDuration.startTimer({ endpoint });
      try {
        const response = await fetch(input, init);
        stop();
        this.upstreamRequests.inc({ endpoint, status: String(response.status) });
        if (response.status === 429) this.upstreamRateLimited.inc({ endpoint });
        return response;
      } catch (error) {
        stop();
        const timedOut = init?.signal?.aborted && (init.signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
        this.upstreamRequests.inc({ endpoint, status: timedOut ? 'timeout' : 'network' });
        throw error;
      }
    };
  }

  /** Counts every answer by method and status. */
  httpCounter(): MiddlewareHandler {
    const methods = new Set(['GET', 'POST', 'OPTIONS', 'HEAD']);
    return async (c, next) => {
      await next();
      this.httpRequests.inc({ method: methods.has(c.req.method) ? c.req.method : 'other', status: String(c.res.status) });
    };
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
