import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { ProxyStore } from '../store/types.js';
import { ProxyError } from './errors.js';

/** The client's IP as the socket saw it; behind a proxy pass your own `clientIp` that reads a trusted header. */
export function socketIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Per-IP limit on creating things (addresses, invoices, futures, terminal links): `limit` a minute per IP. */
export function perIpLimit(store: ProxyStore, name: string, limit: number, clientIp: (c: Context) => string): MiddlewareHandler {
  let warned = false;
  return async function perIpLimit(c, next) {
    const ip = clientIp(c);
    if (ip === 'unknown' && !warned) {
      // Every customer would share one bucket: say so once rather than throttle a whole shop silently.
      warned = true;
      console.warn(
        'coinspaid-terminal proxy: the client address is unknown, so per-IP limits apply to all customers together; pass `clientIp` (see README).',
      );
    }
    if (!(await store.takeBudget(`limit:${name}:${ip}`, limit, 60_000))) {
      throw new ProxyError(
        429,
        'rate_limited',
        { request: 'Too many attempts from this network. Wait a minute and try again.' },
        { 'Retry-After': '60' },
      );
    }
    await next();
  };
}
