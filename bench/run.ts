/**
 * `npm run bench`: the proxy's load benchmarks, on loopback only, each bounded in time and count.
 *   1. rate fan-out   — 1,000 concurrent clients polling one pair for three (time-scaled) minutes
 *   2. stream fan-out — 5,000 concurrent status streams; callback → delivery latency and server RSS
 *   3. cached rates   — throughput and latency of GET /rates served from cache
 * Prints a Markdown table; bench/RESULTS.md records a run with the machine it ran on.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { signPayload } from '../src/server/coinspaid/sign.js';
import type { AddressGrant } from '../src/core/wire.js';
import { createCheckoutToken } from '../src/server/proxy/tokens.js';
import { startRedisServer } from '../test/helpers/redis-server.js';

interface Ready {
  /** Proxy base URLs: one, or one per instance. */
  urls: string[];
  sandboxUrl: string;
  token: string;
  tokenSecret: string;
  apiKey: string;
  apiSecret: string;
}

function startServer(env: Record<string, string> = {}): Promise<{ child: ChildProcess; ready: Ready }> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./server.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message: Ready & { type: string }) =>
      message.type === 'ready' ? resolve({ child, ready: message }) : reject(new Error('bad start')),
    );
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
}

function rssOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { rss: number }) => resolve(message.rss));
    child.send({ type: 'rss' });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.send({ type: 'stop' });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function upstreamCalls(sandboxUrl: string): Promise<number> {
  const stats = JSON.parse((await get(`${sandboxUrl}/control/stats`, { 'x-sandbox-control': '1' })).body) as Record<string, number>;
  return stats['exchange/calculate'] ?? 0;
}

interface Shape {
  label: string;
  env: Record<string, string>;
}

async function rateFanOut({ label, env }: Shape): Promise<string[]> {
  const scale = 30; // three API minutes in six seconds
  const { child, ready } = await startServer({ ...env, BENCH_TIME_SCALE: String(scale) });
  const headers = { Authorization: `Bearer ${ready.token}` };
  const deadline = Date.now() + 180_000 / scale;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let stale = 0;
  await Promise.all(
    Array.from({ length: 1000 }, async (_, client) => {
      const url = ready.urls[client % ready.urls.length];
      while (Date.now() < deadline) {
        const t0 = performance.now();
        const { status, body } = await get(`${url}/rates?from=BTC&to=EUR`, headers);
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200 && (JSON.parse(body) as { stale: boolean }).stale) stale++;
      }
    }),
  );
  const calls = await upstreamCalls(ready.sandboxUrl);
  await stopServer(child);
  latencies.sort((a, b) => a - b);
  return [
    `| rate fan-out, ${label}: 1,000 clients, one pair, 3 API minutes (×${scale}) | requests | ${latencies.length} |`,
    `| | upstream exchange/calculate calls | ${calls} (fix periods spanned: ${Math.ceil(180 / 60) + 1} at most) |`,
    `| | HTTP statuses seen by clients | ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')} |`,
    `| | stale answers | ${stale} |`,
    `| | client latency p50 / p99 | ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))} |`,
  ];
}

function openStream(url: string): Promise<{ onEvent: (listener: (data: string) => void) => void; close: () => void }> {
  return new Promise((resolve, reject) => {
    const listeners: Array<(data: string) => void> = [];
    const request = http.get(url, { headers: { Accept: 'text/event-stream' }, agent: false }, (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data:'));
          if (data) listeners.forEach((l) => l(data.slice(5)));
        }
      });
      resolve({ onEvent: (l) => listeners.push(l), close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function takeAddress(url: string, token: string): Promise<AddressGrant> {
  const body = JSON.stringify({ currency: 'BTC' });
  return new Promise<AddressGrant>((resolve, reject) => {
    // `url` is the proxy's mount point.
    const request = http.request(
      `${url}/addresses`,
      {
        method: 'POST',
        agent,
        headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length },
      },
      (response) => {
        let text = '';
        response.on('data', (c: Buffer) => (text += c));
        response.on('end', () =>
          response.statusCode === 201
            ? resolve(JSON.parse(text) as AddressGrant)
            : reject(new Error(`addresses answered ${response.statusCode}: ${text}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function streamFanOut({ label, env }: Shape): Promise<string[]> {
  const streams = 5000;
  const payments = 100; // 50 followers per payment: tabs, devices, reloads
  const { child, ready } = await startServer(env);
  const rssIdle = await rssOf(child);
  const grants: AddressGrant[] = [];
  for (let i = 0; i < payments; i++) {
    const token = await createCheckoutToken(ready.tokenSecret, { foreign_id: `bench-customer-${i}` });
    grants.push(await takeAddress(ready.urls[0]!, token));
  }
  const followers: Array<Array<Awaited<ReturnType<typeof openStream>>>> = grants.map(() => []);
  const t0 = performance.now();
  // Followers spread over the instances; callbacks arrive at another instance than most of their followers.
  for (let i = 0; i < streams; i++) {
    followers[i % payments]!.push(
      await openStream(`${ready.urls[Math.floor(i / payments) % ready.urls.length]}/${grants[i % payments]!.follow.stream}`),
    );
  }
  const connectSeconds = (performance.now() - t0) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rssConnected = await rssOf(child);

  const callbackFor = (grant: AddressGrant, id: number, status: string) =>
    JSON.stringify({
      id,
      type: 'deposit',
      status,
      error: '',
      crypto_address: grant.address,
      currency_sent: { currency: 'BTC', amount: '0.01' },
      currency_received: { currency: 'BTC', amount: '0.01' },
      transactions: [],
      fees: [],
    });
  let callbacksSent = 0;
  const send = async (payload: string) => {
    const status = await post(`${ready.urls[callbacksSent++ % ready.urls.length]}/callback`, payload, {
      'X-Processing-Key': ready.apiKey,
      'X-Processing-Signature': signPayload(ready.apiSecret, payload),
    });
    if (status !== 200) throw new Error(`callback answered ${status}`);
  };
  const listeners = followers.map(() => null as null | (() => void));
  followers.forEach((streamsOfPayment, i) => streamsOfPayment.forEach((stream) => stream.onEvent(() => listeners[i]?.())));
  /** Sends one callback for payment i and resolves with each follower's delivery latency. */
  const deliver = (i: number, id: number, status: string) =>
    new Promise<number[]>((resolve, reject) => {
      const times: number[] = [];
      const t = performance.now();
      listeners[i] = () => {
        times.push(performance.now() - t);
        if (times.length === followers[i]!.length) resolve(times);
      };
      send(callbackFor(grants[i]!, id, status)).catch(reject);
    });

  // Steady state: callbacks one after another (as CoinsPaid sends them), each to its payment's 50 followers.
  const latencies: number[] = [];
  for (let i = 0; i < payments; i++) latencies.push(...(await deliver(i, 900_000 + i, 'not_confirmed')));
  // Burst: a callback for every payment at the same moment.
  const burst = (await Promise.all(grants.map((_, i) => deliver(i, 800_000 + i, 'confirmed')))).flat();
  const delivered = latencies.length;
  const rssAfter = await rssOf(child);
  followers.flat().forEach((c) => c.close());
  await stopServer(child);
  latencies.sort((a, b) => a - b);
  burst.sort((a, b) => a - b);
  return [
    `| stream fan-out, ${label}: ${streams} concurrent SSE streams on ${payments} payments | connected in | ${connectSeconds.toFixed(1)} s |`,
    `| | callback → delivery, one callback at a time (${delivered} deliveries) p50 / p99 | ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))} |`,
    `| | callback → delivery, ${payments} callbacks at the same moment (${burst.length} deliveries) p50 / p99 | ${ms(percentile(burst, 50))} / ${ms(percentile(burst, 99))} |`,
    `| | server RSS: idle → ${streams} streams → after delivery | ${(rssIdle / 2 ** 20).toFixed(0)} → ${(rssConnected / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MB |`,
  ];
}

async function cachedThroughput(): Promise<string[]> {
  const { child, ready } = await startServer();
  const headers = { Authorization: `Bearer ${ready.token}` };
  const url = ready.urls[0]!;
  await get(`${url}/rates?from=BTC&to=EUR`, headers); // warm the cache
  const durationMs = 10_000;
  const deadline = Date.now() + durationMs;
  const latencies: number[] = [];
  let failures = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (Date.now() < deadline) {
        const t0 = performance.now();
        const { status } = await get(`${url}/rates?from=BTC&to=EUR`, headers);
        latencies.push(performance.now() - t0);
        if (status !== 200) failures++;
      }
    }),
  );
  await stopServer(child);
  latencies.sort((a, b) => a - b);
  return [
    `| cached rates: 64 keep-alive connections, 10 s, server on one core | throughput | ${Math.round(latencies.length / (durationMs / 1000))} req/s |`,
    `| | latency p50 / p99 | ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))} |`,
    `| | non-200 answers | ${failures} |`,
  ];
}

const only = process.argv[2];
const memory: Shape = { label: 'one process, memory store', env: {} };
const rows: string[] = [];
if (!only || only === 'rates') rows.push(...(await rateFanOut(memory)));
if (!only || only === 'streams') rows.push(...(await streamFanOut(memory)));
if (!only || only === 'throughput') rows.push(...(await cachedThroughput()));
if (!only || only === 'redis') {
  const redis = await startRedisServer();
  try {
    const fleet: Shape = { label: 'three instances on Redis', env: { BENCH_REDIS_URL: redis.url, BENCH_INSTANCES: '3' } };
    rows.push(...(await rateFanOut(fleet)));
    rows.push(...(await streamFanOut(fleet)));
  } finally {
    await redis.destroy();
  }
}
console.log(
  `\n${new Date().toISOString()} · Node ${process.version} · ${os.cpus().length}× ${os.cpus()[0]?.model} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB\n`,
);
console.log('| benchmark | measure | result |\n| --- | --- | --- |');
console.log(rows.join('\n'));
agent.destroy();
