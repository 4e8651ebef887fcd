import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type ApiEnv, type EndpointName, ENDPOINTS } from '../endpoints.js';

export interface KnownEndpointOptions {
  /** Endpoint paths served. Default: the 13 of API v2. */
  endpoints?: readonly string[];
  /** What precedes the endpoint in the path, wherever the sandbox is mounted. Default `/api/v2/`. */
  prefix?: string;
}

/** Names the endpoint called (`c.var.endpoint`) for the middleware after it, or answers 404 `{"errors":{"endpoint":…}}`. */
export function knownEndpoint(options: KnownEndpointOptions = {}): MiddlewareHandler<ApiEnv> {
  const { endpoints = ENDPOINTS, prefix = '/api/v2/' } = options;
  return async function knownEndpoint(c, next) {
    const endpoint = c.req.path.slice(c.req.path.indexOf(prefix) + prefix.length);
    if (!endpoints.includes(endpoint)) throw new HTTPException(404, { res: c.json({ errors: { endpoint: 'Not found.' } }, 404) });
    c.set('endpoint', endpoint as EndpointName);
    await next();
  };
}
