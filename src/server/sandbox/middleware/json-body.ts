import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isRecord } from '../../coinspaid/json.js';
import type { ApiEnv } from '../endpoints.js';

/**
 * Parses the request body as CoinsPaid does into `c.var.body`: UTF-8 JSON, `{}`, `null` or `[]` meaning no
 * parameters; anything else that is not an object is a 400 `{"errors":{"body":…}}`. An empty body is not JSON: the
 * reference requires "a valid json object or array, example: {}", so it is refused like any other body that is not.
 */
export function jsonBody(): MiddlewareHandler<ApiEnv> {
  const refuse = (c: Parameters<MiddlewareHandler<ApiEnv>>[0], message: string) =>
    new HTTPException(400, { res: c.json({ errors: { body: message } }, 400) });
  return async function jsonBody(c, next) {
    let body: unknown;
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer()).trim();
      body = JSON.parse(text);
    } catch {
      throw refuse(c, 'Body must be a valid json object or array, example: {}');
    }
    // Clients in the wild sign and send `null` or `[]` for calls without parameters.
    if (body === null || (Array.isArray(body) && body.length === 0)) body = {};
    if (!isRecord(body)) throw refuse(c, 'Body must be a JSON object.');
    c.set('body', body);
    await next();
  };
}
