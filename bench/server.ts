/**
 * The benchmarked process, in a child so its memory and CPU are measured apart from the load generator. Two shapes:
 *  - default: sandbox + one proxy with the memory store on one port (as `npm start` composes them);
 *  - BENCH_REDIS_URL set: a sandbox and BENCH_INSTANCES (3) proxy instances, each on its own port, sharing Redis.
 * Talks to the parent over IPC.
 */
import { startFleet } from '../test/helpers/fleet.js';
import { startStack } from '../test/helpers/stack.js';

const redisUrl = process.env['BENCH_REDIS_URL'];
const timeScale = Number(process.env['BENCH_TIME_SCALE'] ?? '1');

interface Running {
  urls: string[];
  sandboxUrl: string;
  token: string;
  tokenSecret: string;
  apiKey: string;
  apiSecret: string;
  close(): Promise<void>;
}

async function single(): Promise<Running> {
  const stack = await startStack({
    ...(timeScale !== 1 ? { timeScale } : {}),
    createLimitPerMinute: 1_000_000,
    heartbeatMs: 15_000,
    onCallback: () => undefined,
  });
  return {
    urls: [`${stack.url}/coinspaid`],
    sandboxUrl: `${stack.url}/sandbox`,
    token: await stack.mintToken({}, '2h'),
    tokenSecret: stack.tokenSecret,
    apiKey: stack.apiKey,
    apiSecret: stack.apiSecret,
    close: () => stack.close(),
  };
}

async function fleetOnRedis(url: string): Promise<Running> {
  const fleet = await startFleet({
    redisUrl: url,
    count: Number(process.env['BENCH_INSTANCES'] ?? '3'),
    ...(timeScale !== 1 ? { timeScale } : {}),
  });
  return {
    urls: fleet.instances.map((i) => i.url),
    sandboxUrl: fleet.sandboxUrl,
    token: await fleet.mintToken('bench-customer'),
    tokenSecret: fleet.tokenSecret,
    apiKey: fleet.apiKey,
    apiSecret: fleet.apiSecret,
    close: () => fleet.close(),
  };
}

const running = redisUrl ? await fleetOnRedis(redisUrl) : await single();
const { close, ...ready } = running;

process.on('message', (message: { type: string }) => {
  if (message.type === 'rss') process.send!({ type: 'rss', rss: process.memoryUsage().rss });
  if (message.type === 'stop') void close().then(() => process.exit(0));
});
process.send!({ type: 'ready', ...ready });
