import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';
import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type { Clock } from '../../core/clock.js';
import type { FollowHandle, PaymentEvent } from '../../core/wire.js';
import { timingSafeEqualBytes } from '../coinspaid/sign.js';
import type { ProxyStore } from '../store/types.js';
import { ProxyError } from './errors.js';
import type { ProxyObserver } from './observer.js';

/**
 * Following a checkout. A capability — the channel name and an HMAC of it under the proxy's secret — is issued with the
 * address, invoice or terminal link; whoever holds it may read that checkout's payments and settlement and nothing
 * else. It is stateless, so any instance behind a load balancer can check it. The channel is the checkout's, not the
 * address's: a returning customer's new order on a reused address never hears of an earlier order's payments.
 */

export type Channel = `checkout:${string}`;

export function checkoutChannel(checkoutId: string): Channel {
  return `checkout:${checkoutId}`;
}

function mac(secret: string, channel: string): Uint8Array {
  return hmac(sha256, utf8ToBytes(secret), utf8ToBytes(`follow:${channel}`)).slice(0, 18);
}

export function issueCapability(secret: string, channel: Channel): string {
  return `${base64urlnopad.encode(utf8ToBytes(channel))}.${base64urlnopad.encode(mac(secret, channel))}`;
}

/** `checkout:o:<order id>` (printable ASCII, see validation.orderId) or `checkout:t:<token hash>`. */
const CHANNEL = /^checkout:(o:[\x21-\x7e]{1,64}|t:[\w-]{22})$/;

/** The channel a capability grants, or a 404 (an unknown and a forged capability look the same). */
export function openCapability(secret: string, capability: string): Channel {
  const notFound = new ProxyError(404, 'not_found', { capability: 'No payment to follow with this capability.' });
  const [encodedChannel, encodedMac, extra] = capability.split('.');
  if (!encodedChannel || !encodedMac || extra !== undefined || capability.length > 200) throw notFound;
  let channel: string;
  let given: Uint8Array;
  try {
    channel = new TextDecoder('utf-8', { fatal: true }).decode(base64urlnopad.decode(encodedChannel));
    given = base64urlnopad.decode(encodedMac);
  } catch {
    throw notFound;
  }
  if (!CHANNEL.test(channel) || !timingSafeEqualBytes(given, mac(secret, channel))) throw notFound;
  return channel as Channel;
}

export function followHandle(secret: string, channel: Channel): FollowHandle {
  const capability = issueCapability(secret, channel);
  return { capability, stream: `follow/${capability}/stream`, poll: `follow/${capability}` };
}

export interface StreamOptions {
  store: ProxyStore;
  clock: Clock;
  heartbeatMs: number;
  /**
   * After this long the stream ends and the browser reconnects by itself (with Last-Event-ID, missing nothing): a
   * connection whose client vanished without a FIN is freed on schedule, and load spreads again over the instances.
   */
  maxAgeMs: number;
  /** Headers the stream's head carries besides its type (CORS: on Node the head goes out before middleware could add them). */
  headers?: Record<string, string>;
  /** Called once when the stream closes, however it closes. */
  onClose?: () => void;
  /** Counts the stream while open, and may ask it to send the browser elsewhere (a draining instance). */
  observer?: ProxyObserver;
}

const encoder = new TextEncoder();
const RETRY = encoder.encode('retry: 3000\n\n');
const HEARTBEAT = encoder.encode(': heartbeat\n\n');
const STREAM_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-store',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

/** Each published event is serialized once, however many streams follow its payment (tabs, devices, reloads). */
const encoded = new WeakMap<PaymentEvent, Uint8Array>();

function sseMessage(event: PaymentEvent): Uint8Array {
  let bytes = encoded.get(event);
  if (!bytes) {
    bytes = encoder.encode(`event: payment\nid: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
    encoded.set(event, bytes);
  }
  return bytes;
}

/** Where a stream's bytes go: a Node socket or a web ReadableStream. */
interface StreamSink {
  write(bytes: Uint8Array): void;
  end(): void;
}

/**
 * What one stream does, whatever carries its bytes: first what the client missed (after Last-Event-ID), then live
 * events; a comment line as heartbeat (intermediaries keep the connection, a dropped client is noticed); the end after
 * `maxAgeMs`, or when a draining instance tells the browser to reconnect elsewhere. Returns `stop` (idempotent): it
 * unsubscribes and clears the timers, for when the client went away.
 */
function follow(channel: Channel, lastEventId: string | null, options: StreamOptions, sink: StreamSink): () => void {
  const { store, clock, heartbeatMs, maxAgeMs, onClose, observer } = options;
  let heartbeat: ReturnType<Clock['setTimeout']> | undefined;
  let closed = false;
  let lastSent = lastEventId === null ? 0 : Number(lastEventId) || 0;
  const send = (event: PaymentEvent) => {
    if (closed || Number(event.id) <= lastSent) return;
    lastSent = Number(event.id);
    sink.write(sseMessage(event));
  };
  // Subscribe before reading the backlog so nothing published in between is lost; ids drop repeats.
  const live: PaymentEvent[] = [];
  let replaying = true;
  const catchUp = () =>
    void store.since(channel, String(lastSent)).then(
      (missed) => missed.forEach(send),
      () => undefined, // still unreachable: the next reconnect tries again
    );
  const unsubscribe = store.subscribe(channel, (event) => (replaying ? live.push(event) : send(event)), catchUp);
  let untrack: () => void = () => undefined;
  const stop = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    untrack();
    if (heartbeat !== undefined) clock.clearTimeout(heartbeat);
    clock.clearTimeout(retire);
    onClose?.();
  };
  const finish = () => {
    if (closed) return;
    stop();
    sink.end();
  };
  const retire = clock.setTimeout(finish, maxAgeMs);
  sink.write(RETRY);
  // Told to go: the browser's EventSource reconnects after `retry` (to another instance) and resumes by its id.
  untrack =
    observer?.streamOpened?.((retryMs) => {
      if (closed) return;
      sink.write(encoder.encode(`retry: ${Math.round(retryMs)}\n\n`));
      finish();
    }) ?? untrack;
  void store.since(channel, lastEventId).then(
    (backlog) => {
      for (const event of [...backlog, ...live].sort((a, b) => Number(a.id) - Number(b.id))) send(event);
      replaying = false;
    },
    () => {
      // The shared store is down: live events still flow, and it reports the gap (catchUp) once it is back.
      replaying = false;
      live.splice(0).forEach(send);
    },
  );
  const beat = () => {
    heartbeat = clock.setTimeout(() => {
      if (closed) return;
      sink.write(HEARTBEAT);
      beat();
    }, heartbeatMs);
  };
  beat();
  return stop;
}

/**
 * Server-Sent Events for one channel. On Node (@hono/node-server) the frames go straight to the socket's
 * ServerResponse: a checkout may hold thousands of these open, and a web ReadableStream with its reader and promises
 * costs about twice the heap per stream and more CPU per event burst (bench/RESULTS.md, streams). Elsewhere (edge
 * runtimes) a bare ReadableStream carries them.
 */
export function streamChannel(c: Context, channel: Channel, lastEventId: string | null, options: StreamOptions): Response {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  return outgoing ? streamToSocket(outgoing, channel, lastEventId, options) : streamAsWeb(c, channel, lastEventId, options);
}

function streamToSocket(outgoing: ServerResponse, channel: Channel, lastEventId: string | null, options: StreamOptions): Response {
  outgoing.writeHead(200, { ...STREAM_HEADERS, ...options.headers });
  outgoing.flushHeaders();
  const stop = follow(channel, lastEventId, options, {
    write: (bytes) => void outgoing.write(bytes),
    end: () => outgoing.end(),
  });
  outgoing.once('close', stop);
  // Tells @hono/node-server the answer is already on the socket. Middleware running after the handler (CORS) may set
  // headers on this shared marker; they are never sent anywhere.
  return RESPONSE_ALREADY_SENT;
}

function streamAsWeb(c: Context, channel: Channel, lastEventId: string | null, options: StreamOptions): Response {
  let stop: () => void = () => undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      stop = follow(channel, lastEventId, options, {
        write: (bytes) => controller.enqueue(bytes),
        end: () => controller.close(),
      });
    },
    cancel: () => stop(),
  });
  c.req.raw.signal?.addEventListener('abort', () => stop(), { once: true });
  return new Response(body, { headers: { ...STREAM_HEADERS, ...options.headers } });
}
