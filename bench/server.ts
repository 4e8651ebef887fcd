/**
 * The benchmarked process, forked by bench/lib/server-child.ts so its memory and CPU are measured apart from the load
 * generator. Composed here from the package's own parts, as `npm start` composes them, in one of two shapes:
 *  - one process: sandbox (/sandbox) and proxy (/coinspaid) on one port, memory store;
 *  - `redisUrl` set: a sandbox and `instances` proxy instances, each on its own port, sharing Redis.
 * Every port is asked of the system; every server listens with the configured backlog. Talks to the parent over IPC.
 */
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { scaledClock, systemClock } from '../src/core/clock.js';
import { CoinsPaidClient } from '../src/server/coinspaid/index.js';
import { createCheckoutToken, createTerminalProxy } from '../src/server/proxy/index.js';
import { createSandbox } from '../src/server/sandbox/index.js';
import { MemoryStore, RedisStore, type ProxyStore } from '../src/server/store/index.js';
import { PhaseMeter, SelfProfiler } from './lib/phase-meter.js';
import type { MemorySample, Ready, ServerConfig, ServerReply, ServerRequest } from './lib/protocol.js';

const config = JSON.parse(process.env['BENCH_SERVER'] ?? '{}') as ServerConfig;
const clock = config.timeScale !== 1 ? scaledClock(config.timeScale) : systemClock;
const apiKey = 'bench-key';
const apiSecret = 'bench-secret';
const tokenSecret = 'bench-token-secret-0123456789abcdef0123';
const meter = new PhaseMeter();
const profiler = new SelfProfiler();
const servers: Server[] = [];
const stores: ProxyStore[] = [];

type Handler = (request: Request, env?: unknown) => Response | Promise<Response>;

/** A server on a system-chosen loopback port whose handler is set once the port is known (the sandbox calls back). */
async function listen(): Promise<{ url: string; handle(handler: Handler): void }> {
  let handler: Handler = () => new Response('starting', { status: 503 });
  const server = createAdaptorServer({
    fetch: async (request, env) => {
      meter.countRequest();
      if (request.method === 'POST' && request.url.endsWith('/callback')) {
        const t0 = performance.now();
        const response = await handler(request, env);
        meter.recordCallback(performance.now() - t0);
        return response;
      }
      return handler(request, env);
    },
  }) as Server;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: config.backlog }, resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, handle: (h) => (handler = h) };
}

function proxyFor(sandboxApiUrl: string, store: ProxyStore) {
  stores.push(store);
  return createTerminalProxy({
    client: new CoinsPaidClient({ baseUrl: sandboxApiUrl, apiKey, apiSecret, timeoutMs: 5000 }),
    apiKey,
    apiSecret,
    tokenSecret,
    allowedOrigins: ['https://shop.example'],
    terminalClientId: 1042,
    store,
    clock,
    createLimitPerMinute: 1_000_000,
    // The generator is one client address following each payment from many streams: the per-client (50) and
    // per-checkout (10) bounds would refuse all but a few; the per-process cap (10,000) is what is measured.
    streams: { maxStreamsPerClient: Infinity, maxStreamsPerCheckout: Infinity },
    heartbeatMs: config.heartbeatMs,
    onCallback: () => undefined,
  });
}

async function single(): Promise<Omit<Ready, 'type' | 'token' | 'tokenSecret' | 'apiKey' | 'apiSecret' | 'execArgv' | 'preload'>> {
  const { url, handle } = await listen();
  const app = new Hono();
  const sandbox = createSandbox({ apiKey, apiSecret, clock, callbackUrl: `${url}/coinspaid/callback`, confirmationDelayMs: 1000 });
  disposers.push(() => sandbox.dispose());
  app.route('/sandbox', sandbox);
  app.route('/coinspaid', proxyFor(`${url}/sandbox/api/v2`, new MemoryStore({ clock })));
  handle(app.fetch);
  return { urls: [`${url}/coinspaid`], sandboxUrl: `${url}/sandbox` };
}

async function fleet(
  redisUrl: string,
): Promise<Omit<Ready, 'type' | 'token' | 'tokenSecret' | 'apiKey' | 'apiSecret' | 'execArgv' | 'preload'>> {
  const sandboxServer = await listen();
  const instances = await Promise.all(Array.from({ length: config.instances }, () => listen()));
  const sandbox = createSandbox({ apiKey, apiSecret, clock, callbackUrl: `${instances[0]!.url}/callback`, confirmationDelayMs: 200 });
  disposers.push(() => sandbox.dispose());
  sandboxServer.handle(sandbox.fetch);
  const prefix = `bench${Math.random().toString(36).slice(2, 8)}:`;
  for (const instance of instances)
    instance.handle(proxyFor(`${sandboxServer.url}/api/v2`, new RedisStore({ url: redisUrl, prefix, clock })).fetch);
  return { urls: instances.map((i) => i.url), sandboxUrl: sandboxServer.url };
}

/** The kernel's view of this process's resident memory (kB lines of /proc/self/status), in bytes; 0 off Linux. */
function procStatus(field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function memory(): Promise<MemorySample> {
  const connections = await Promise.all(
    servers.map((s) => new Promise<number>((resolve) => s.getConnections((error, count) => resolve(error ? 0 : count)))),
  );
  const usage = process.memoryUsage();
  return {
    rss: usage.rss,
    heapTotal: usage.heapTotal,
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    rssAnon: procStatus('RssAnon'),
    rssFile: procStatus('RssFile'),
    v8Malloced: getHeapStatistics().malloced_memory,
    connections: connections.reduce((a, b) => a + b, 0),
  };
}

/** A full collection when the child runs with --expose-gc, twice so weakly held and finalized objects go too. */
async function collect(): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return true;
}

const disposers: Array<() => void> = [];
const shape = config.redisUrl ? await fleet(config.redisUrl) : await single();

function reply(message: ServerReply): void {
  process.send!(message);
}

process.on('message', (message: ServerRequest) => {
  void (async () => {
    switch (message.type) {
      case 'memory': {
        const gcAvailable = message.gc ? await collect() : typeof (globalThis as { gc?: unknown }).gc === 'function';
        reply({ type: 'memory', memory: await memory(), gcAvailable });
        break;
      }
      case 'phase-start':
        if (message.profile) await profiler.start();
        meter.start();
        reply({ type: 'phase-started' });
        break;
      case 'phase-end': {
        const phase = meter.end();
        reply({ type: 'phase', phase, profile: await profiler.stop() });
        break;
      }
      case 'heap-snapshot':
        await collect();
        reply({ type: 'heap-snapshot', path: writeHeapSnapshot(message.path) });
        break;
      case 'stop':
        disposers.forEach((dispose) => dispose());
        for (const server of servers) server.closeAllConnections();
        await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
        await Promise.all(stores.map((s) => s.close()));
        reply({ type: 'stopped' });
        process.exit(0);
    }
  })();
});

process.send!({
  type: 'ready',
  ...shape,
  token: await createCheckoutToken(tokenSecret, { foreign_id: 'bench-customer' }, { expiresIn: '2h' }),
  tokenSecret,
  apiKey,
  apiSecret,
  execArgv: process.execArgv.filter((flag) => !/^(--import|tsx)$/.test(flag)),
  preload: process.env['LD_PRELOAD'] ?? null,
} satisfies Ready);
