/**
 * The stream load generator, a child process of its own so that holding thousands of streams and timing their events
 * never competes with the orchestrating parent, and so that its own event loop can be measured (a starved generator
 * would show up as delivery latency the server did not cause). It speaks raw HTTP/1.1 over net sockets: an
 * IncomingMessage and a parser per stream would cost more than the server's side of the stream.
 *
 * A payment's followers all live in one generator, which also posts that payment's callbacks, so every delivery
 * latency is measured on one clock: from posting the callback to seeing `event: payment` on each follower.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { signPayload } from '../src/server/coinspaid/index.js';
import { keepAliveAgent, post } from './lib/http.js';
import { PhaseMeter } from './lib/phase-meter.js';
import type { CallbackOrder, GeneratorReply, GeneratorRequest, StreamTarget } from './lib/protocol.js';

const NEEDLE = 'event: payment';
const meter = new PhaseMeter();
const agent = keepAliveAgent();
const sockets: Socket[] = [];
let credentials = { apiKey: '', apiSecret: '' };
let addresses: Record<number, unknown> = {};
/** Per payment: when its callback was posted, and the latencies seen so far by its followers. */
const waiting = new Map<number, { sentAt: number; latencies: number[]; expected: number; done: () => void }>();
const followers = new Map<number, number>();

function reply(message: GeneratorReply): void {
  process.send!(message);
}

function onEvent(payment: number, at: number): void {
  const wait = waiting.get(payment);
  if (!wait) return;
  wait.latencies.push(at - wait.sentAt);
  if (wait.latencies.length === wait.expected) wait.done();
}

/** Opens one stream; resolves when its response head (status 200) arrived. */
function open({ payment, url }: StreamTarget): Promise<boolean> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setNoDelay(true);
    let opened = false;
    let tail = '';
    socket.on('connect', () =>
      socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`),
    );
    socket.on('data', (chunk: Buffer) => {
      const at = performance.now();
      const text = tail + chunk.toString('latin1');
      if (!opened) {
        opened = true;
        if (!text.startsWith('HTTP/1.1 200')) {
          socket.destroy();
          return resolve(false);
        }
        sockets.push(socket);
        followers.set(payment, (followers.get(payment) ?? 0) + 1);
        resolve(true);
      }
      for (let i = text.indexOf(NEEDLE); i >= 0; i = text.indexOf(NEEDLE, i + NEEDLE.length)) onEvent(payment, at);
      // Keep what could be the start of a needle split across two reads, never a whole one.
      tail = text.slice(-(NEEDLE.length - 1));
    });
    socket.on('error', () => {
      if (!opened) resolve(false);
    });
  });
}

function callbackBody(order: CallbackOrder): string {
  return JSON.stringify({
    id: order.id,
    type: 'deposit',
    status: order.status,
    error: '',
    crypto_address: addresses[order.payment],
    currency_sent: { currency: 'BTC', amount: '0.01' },
    currency_received: { currency: 'BTC', amount: '0.01' },
    transactions: [],
    fees: [],
  });
}

/** Posts the callbacks at once and waits until every follower of each payment saw its event (or the timeout). */
async function deliver(orders: CallbackOrder[], timeoutMs: number): Promise<GeneratorReply> {
  // Signed before the clock starts: the merchant's CoinsPaid signs its callbacks, not this proxy.
  const bodies = orders.map((order) => {
    const body = callbackBody(order);
    return { order, body, signature: signPayload(credentials.apiSecret, body) };
  });
  meter.start();
  const latencies: number[] = [];
  let missing = 0;
  await Promise.all(
    bodies.map(
      ({ order, body, signature }) =>
        new Promise<void>((resolve, reject) => {
          const expected = followers.get(order.payment) ?? 0;
          const wait = { sentAt: performance.now(), latencies: [] as number[], expected, done: () => undefined as void };
          const timer = setTimeout(() => wait.done(), timeoutMs);
          wait.done = () => {
            clearTimeout(timer);
            waiting.delete(order.payment);
            latencies.push(...wait.latencies);
            missing += expected - wait.latencies.length;
            resolve();
          };
          waiting.set(order.payment, wait);
          post(order.callbackUrl, body, agent, { 'X-Processing-Key': credentials.apiKey, 'X-Processing-Signature': signature }).then(
            ({ status, body: answer }) => {
              if (status !== 200) reject(new Error(`callback answered ${status}: ${answer}`));
            },
            reject,
          );
          if (expected === 0) wait.done();
        }),
    ),
  );
  return { type: 'delivered', latencies, missing, phase: meter.end() };
}

process.on('message', (message: GeneratorRequest) => {
  void (async () => {
    switch (message.type) {
      case 'init':
        credentials = { apiKey: message.apiKey, apiSecret: message.apiSecret };
        addresses = message.addresses;
        reply({ type: 'ready' });
        break;
      case 'open': {
        const t0 = performance.now();
        let next = 0;
        let failures = 0;
        await Promise.all(
          Array.from({ length: Math.max(1, message.concurrency) }, async () => {
            while (next < message.streams.length) if (!(await open(message.streams[next++]!))) failures++;
          }),
        );
        reply({ type: 'opened', seconds: (performance.now() - t0) / 1000, failures });
        break;
      }
      case 'deliver':
        reply(await deliver(message.orders, message.timeoutMs));
        break;
      case 'close':
        for (const socket of sockets.splice(0)) socket.destroy();
        followers.clear();
        agent.destroy();
        reply({ type: 'closed' });
        process.exit(0);
    }
  })().catch((error: unknown) => {
    console.error('stream generator:', error);
    process.exit(1);
  });
});
reply({ type: 'ready' });
