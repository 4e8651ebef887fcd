import { createAdaptorServer, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { createServerApp, type ServerApp, type ServerAppOptions } from '../app.js';
import { localOrigins, type ServerConfig } from '../config.js';
import { LISTEN_BACKLOG } from '../listening.js';
import type { TerminalProxyOptions } from '../proxy/options.js';
import { RedisStore } from '../store/redis.js';
import { MemoryWebhookQueue } from '../webhooks/memory-queue.js';
import { RedisWebhookQueue } from '../webhooks/redis-queue.js';
import type { WebhookQueue } from '../webhooks/types.js';
import { Webhooks, type WebhooksOptions } from '../webhooks/webhooks.js';
import { Drain } from './drain.js';
import { healthRoutes } from './health.js';
import { createLogger, requestLogging, type Logger } from './logging.js';
import { ServiceMetrics } from './metrics.js';
import { metricsRoutes, webhookOperatorRoutes } from './operator-routes.js';

export interface ServiceOptions {
  config: ServerConfig;
  /** Default: JSON lines on stdout at the configured LOG_LEVEL. */
  logger?: Logger;
  clock?: Clock;
  /** Default: new metrics with the process_* and nodejs_* series. */
  metrics?: ServiceMetrics;
  /**
   * Webhook delivery knobs: the jitter's dice, the retry policy, a queue of one's own (default: Redis with REDIS_URL,
   * else memory).
   */
  webhooks?: Pick<WebhooksOptions, 'fetch' | 'random' | 'policy' | 'pollMs' | 'concurrency' | 'queue'>;
  /** The embedded sandbox's options (sandbox mode); default: payments confirm 6 s after they are seen, as `npm start`. */
  sandbox?: ServerAppOptions['sandbox'];
  /** More proxy options (limits, heartbeat, an `onCallback` for a process that embeds the service). */
  proxy?: Omit<
    TerminalProxyOptions,
    | 'client'
    | 'baseUrl'
    | 'apiKey'
    | 'apiSecret'
    | 'tokenSecret'
    | 'allowedOrigins'
    | 'terminalClientId'
    | 'clock'
    | 'outbox'
    | 'observer'
    | 'merchantApiKey'
  >;
  clientTimeoutMs?: number;
}

export interface RunningService {
  /** `http://<loopback or host>:<port>`, where this process reaches itself. */
  url: string;
  port: number;
  /** The allow-list in force (without ALLOWED_ORIGINS: this server's origins on the bound port). */
  allowedOrigins: string[];
  app: Hono;
  server: ServerType;
  /** The proxy, client, store and (sandbox mode) sandbox, as createServerApp wired them. */
  parts: ServerApp;
  webhooks: Webhooks | null;
  metrics: ServiceMetrics;
  drain: Drain;
  /**
   * Graceful shutdown: refuse new work, send status streams elsewhere, let requests in flight (callbacks) finish
   * within SHUTDOWN_GRACE_SECONDS, let webhook attempts in flight end, close. `clean` is false when requests were
   * still in flight at the deadline (those callbacks were not acknowledged: CoinsPaid retries them).
   */
  shutdown(): Promise<{ clean: boolean }>;
}

/** The address this process reaches its own server at: loopback for a wildcard or loopback bind, else the host. */
function selfHost(host: string): string {
  if (['0.0.0.0', '::', '', 'localhost', '127.0.0.1'].includes(host)) return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** A Redis URL as logged: without its password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username && !parsed.password) parsed.username = '***';
    parsed.search = '';
    return parsed.href;
  } catch {
    return '[unreadable URL]';
  }
}

function listen(host: string, port: number): Promise<{ server: ServerType; port: number; setHandler: (app: Hono) => void }> {
  let handler: Hono['fetch'] | undefined;
  return new Promise((resolve, reject) => {
    const server = createAdaptorServer({
      // Until the app is built (it needs the bound port) anything arriving is told to come back.
      fetch: (request, env) =>
        handler ? handler(request, env) : new Response('starting', { status: 503, headers: { 'Retry-After': '1' } }),
    }) as Server;
    server.listen({ port, host, backlog: LISTEN_BACKLOG });
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port, setHandler: (app) => (handler = app.fetch) });
    });
  });
}

async function readyWithin(ms: number, ...connections: Array<{ ready?: () => Promise<void> }>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.all(connections.map((c) => c.ready?.())), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * The proxy as a service for a backend in any language, on one port: the proxy at /coinspaid (with `POST
 * /coinspaid/tokens` when MERCHANT_API_KEY is set), signed webhooks of every settlement change to
 * MERCHANT_WEBHOOK_URL, and at the root the operator's routes — /healthz, /readyz, /metrics and the webhook delivery
 * log. In sandbox mode (no COINSPAID_API_URL) the embedded sandbox is served at /sandbox, as `npm start` does, but no
 * demo pages. Resolves once it listens and serves.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? new ServiceMetrics();
  const drain = new Drain();
  const { server, port, setHandler } = await listen(config.host, config.port);
  const url = `http://${selfHost(config.host)}:${port}`;
  // Without ALLOWED_ORIGINS the allow-list is this server's own origins, on the port actually bound (PORT=0 included).
  const allowedOrigins = config.allowedOrigins.join() === localOrigins(config.port).join() ? localOrigins(port) : config.allowedOrigins;

  let queue: WebhookQueue | null = null;
  let webhooks: Webhooks | null = null;
  if (config.webhookUrl && config.webhookSecret) {
    queue =
      options.webhooks?.queue ?? (config.redisUrl ? new RedisWebhookQueue({ url: config.redisUrl }) : new MemoryWebhookQueue({ clock }));
    webhooks = new Webhooks({
      ...options.webhooks,
      url: config.webhookUrl,
      secret: config.webhookSecret,
      queue,
      clock,
      logger: logger.child({ component: 'webhooks' }),
      onQueued: () => metrics.webhooksQueued.inc(),
      onResult: (result) => metrics.webhookResult(result),
    });
    const depth = queue.depth.bind(queue);
    metrics.trackQueueDepth(depth);
  }

  const upstreamBase = config.coinspaidApiUrl ?? `${url}/sandbox/api/v2`;
  const parts = createServerApp({
    config: { ...config, allowedOrigins },
    selfUrl: url,
    clock,
    clientFetch: metrics.instrumentFetch(upstreamBase),
    sandbox: options.sandbox ?? { confirmationDelayMs: 6_000 },
    ...(options.clientTimeoutMs !== undefined ? { clientTimeoutMs: options.clientTimeoutMs } : {}),
    proxy: {
      ...options.proxy,
      observer: metrics.observer(drain),
      ...(webhooks ? { outbox: webhooks } : {}),
      ...(config.merchantApiKey ? { merchantApiKey: config.merchantApiKey } : {}),
    },
  });

  const app = new Hono();
  app.use('*', requestLogging(logger));
  app.use('*', metrics.httpCounter());
  app.use(
    '*',
    drain.middleware((path) => parts.sandbox !== null && path.startsWith('/sandbox/')),
  );
  app.route('/', healthRoutes({ store: parts.store, client: parts.client, queue, clock, draining: () => drain.draining }));
  app.route('/', metricsRoutes(metrics, config.metricsToken));
  if (webhooks && config.merchantApiKey) app.route('/', webhookOperatorRoutes(webhooks, config.merchantApiKey));
  app.get('/', (c) =>
    c.json({
      service: 'coinspaid-terminal',
      proxy: '/coinspaid',
      mode: parts.sandbox ? 'sandbox' : 'live',
      ...(parts.sandbox ? { sandbox: '/sandbox' } : {}),
    }),
  );
  app.route('/', parts.app);
  app.notFound((c) => c.json({ errors: { path: 'Not found.' }, code: 'not_found' }, 404));
  app.onError((error, c) => {
    logger.error({ err: error }, 'unexpected error');
    return c.json({ errors: { server: 'Something went wrong on our side. Try again.' }, code: 'upstream_unavailable' }, 500);
  });

  // A fresh start meets Redis still connecting: wait briefly rather than answer the first callbacks 503.
  await readyWithin(5_000, parts.store instanceof RedisStore ? parts.store : {}, queue instanceof RedisWebhookQueue ? queue : {});
  setHandler(app);
  webhooks?.start();

  let shutting: Promise<{ clean: boolean }> | null = null;
  const shutdown = () =>
    (shutting ??= (async () => {
      logger.info({ in_flight: drain.inFlight, open_streams: drain.openStreams }, 'shutting down: draining');
      drain.begin();
      const clean = await drain.settled(config.shutdownGraceMs);
      if (!clean)
        logger.warn(
          { in_flight: drain.inFlight },
          'requests still in flight at the shutdown deadline; their callbacks were not acknowledged and CoinsPaid will retry them',
        );
      // Only now stop listening: until the callbacks in flight were done, the sandbox they may call was still needed.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await webhooks?.stop();
      if (queue instanceof MemoryWebhookQueue) {
        for (const delivery of queue.pending())
          logger.error(
            { webhook_id: delivery.id, order_id: delivery.order_id, attempts: delivery.attempts, body: delivery.body },
            'webhook not delivered and lost with this process (no REDIS_URL): deliver this body by hand',
          );
      }
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      await parts.dispose();
      await queue?.close();
      logger.info({ clean }, 'shut down');
      return { clean };
    })());

  return { url, port, allowedOrigins, app, server, parts, webhooks, metrics, drain, shutdown };
}
