import type { MiddlewareHandler } from 'hono';
import { ProxyError } from './errors.js';

/** The CORS headers an answer to `origin` carries: the origin itself when allowed, and Vary either way. */
export function corsHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Record<string, string> {
  return origin !== undefined && allowedOrigins.includes(origin)
    ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After', Vary: 'Origin' }
    : { Vary: 'Origin' };
}

/**
 * CORS from an allow-list of exact origins. A request without an Origin (a server, curl) passes untouched; a browser
 * request from another origin gets no CORS headers, so its page cannot read the answer; its preflight is refused.
 */
export function allowListCors(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  return async function allowListCors(c, next) {
    const origin = c.req.header('origin');
    const permitted = origin !== undefined && allowed.has(origin);
    if (c.req.method === 'OPTIONS') {
      if (!permitted) throw new ProxyError(403, 'origin_not_allowed', { origin: 'This origin may not use this checkout.' });
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    await next();
    // Set on the final response: a handler may return its own Response (the status stream does).
    if (!/\bOrigin\b/.test(c.res.headers.get('Vary') ?? '')) c.res.headers.append('Vary', 'Origin');
    if (permitted) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Expose-Headers', 'Retry-After');
    }
  };
}
