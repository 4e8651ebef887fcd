import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Clock } from '../../core/clock.js';
import type { FollowHandle, PaymentEvent } from '../../core/wire.js';
import { timingSafeEqualBytes } from '../coinspaid/sign.js';
import type { ProxyStore } from '../store/types.js';
import { ProxyError } from './errors.js';

/**
 * Following a payment. A capability — the channel name and an HMAC of it under the proxy's secret — is issued with the
 * address or invoice; whoever holds it may read that payment's status and nothing else. It is stateless, so any
 * instance behind a load balancer can check it.
 */

export type Channel = `address:${number}` | `invoice:${number}`;

export function addressChannel(id: number): Channel {
  return `address:${id}`;
}
export function invoiceChannel(id: number): Channel {
  return `invoice:${id}`;
}

function mac(secret: string, channel: string): Uint8Array {
  return hmac(sha256, utf8ToBytes(secret), utf8ToBytes(`follow:${channel}`)).slice(0, 18);
}

export function issueCapability(secret: string, channel: Channel): string {
  return `${base64urlnopad.encode(utf8ToBytes(channel))}.${base64urlnopad.encode(mac(secret, channel))}`;
}

const CHANNEL = /^(address|invoice):\d{1,15}$/;

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
}

/**
 * Server-Sent Events for one channel: first what the client missed (after Last-Event-ID), then live events, with a
 * comment line as heartbeat so proxies keep the connection open and a dropped client is noticed.
 */
export function streamChannel(c: Context, channel: Channel, lastEventId: string | null, { store, clock, heartbeatMs }: StreamOptions): Response {
  c.header('Cache-Control', 'no-store');
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const queue: PaymentEvent[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = store.subscribe(channel, (event) => {
      queue.push(event);
      wake?.();
    });
    let heartbeat: ReturnType<Clock['setTimeout']> | undefined;
    const beat = () => {
      heartbeat = clock.setTimeout(() => {
        void stream.write(': heartbeat\n\n').then(beat, () => undefined);
      }, heartbeatMs);
    };
    stream.onAbort(() => {
      unsubscribe();
      if (heartbeat) clock.clearTimeout(heartbeat);
      wake?.();
    });
    try {
      await stream.write(`retry: 3000\n\n`);
      let lastSent = lastEventId === null ? 0 : Number(lastEventId) || 0;
      // Subscribed before reading the backlog, so nothing published in between is lost; ids de-duplicate.
      for (const event of await store.since(channel, lastEventId)) queue.unshift(event);
      queue.sort((a, b) => Number(a.id) - Number(b.id));
      beat();
      while (!stream.aborted) {
        while (queue.length > 0) {
          const event = queue.shift()!;
          if (Number(event.id) <= lastSent) continue;
          lastSent = Number(event.id);
          await stream.writeSSE({ event: 'payment', id: event.id, data: JSON.stringify(event) });
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      unsubscribe();
      if (heartbeat) clock.clearTimeout(heartbeat);
    }
  });
}
