/**
 * The benchmarked process: sandbox + proxy on one 127.0.0.1 port (as `npm start` composes them), in a child process
 * so that its memory and CPU are measured apart from the load generator. Talks to the parent over IPC.
 */
import { startStack } from '../test/helpers/stack.js';

const timeScale = Number(process.env['BENCH_TIME_SCALE'] ?? '1');
const stack = await startStack({
  ...(timeScale !== 1 ? { timeScale } : {}),
  createLimitPerMinute: 1_000_000,
  heartbeatMs: 15_000,
  onCallback: () => undefined,
});
const token = await stack.mintToken({}, '2h');

process.on('message', (message: { type: string }) => {
  if (message.type === 'rss') process.send!({ type: 'rss', rss: process.memoryUsage().rss });
  if (message.type === 'stop') void stack.close().then(() => process.exit(0));
});
process.send!({ type: 'ready', url: stack.url, token, tokenSecret: stack.tokenSecret, apiKey: stack.apiKey, apiSecret: stack.apiSecret });
