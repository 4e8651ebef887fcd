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
  return async function perIpLimit(c, next) {
    if (!(await store.takeBudget(`limit:${name}:${clientIp(c)}`, limit, 60_000))) {
      throw new ProxyError(429, 'rate_limited', { request: 'Too many attempts from this network. Wait a minute and try again.' }, { 'Retry-After': '60' });
    }
    await next();
  };
}
