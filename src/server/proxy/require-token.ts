import type { MiddlewareHandler } from 'hono';
import type { ProxyContext, ProxyEnv } from './context.js';

/**
 * Refuses a request without a valid checkout token (`Authorization: Bearer <token>`) with a 401 naming why (missing,
 * expired, invalid), and hands the verified checkout to the route as `c.var.checkout`.
 */
export function requireToken({ verifyToken }: Pick<ProxyContext, 'verifyToken'>): MiddlewareHandler<ProxyEnv> {
  return async function requireToken(c, next) {
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    c.set('checkout', await verifyToken(token));
    await next();
  };
}
