import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** Refuses anything but POST with 405 `{"errors":{"method":…}}`: every signed call of API v2 is a POST. */
export function postOnly(): MiddlewareHandler {
  return async function postOnly(c, next) {
    if (c.req.method !== 'POST') throw new HTTPException(405, { res: c.json({ errors: { method: 'The method must be POST.' } }, 405) });
    await next();
  };
}
