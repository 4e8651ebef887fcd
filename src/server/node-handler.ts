import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono, type Env, type Schema } from 'hono';
import { getPath } from 'hono/utils/url';

/**
 * `toNodeHandler(app)`: the proxy or the sandbox (any Hono app) as a Node `(req, res, next?)` handler, for the servers
 * merchants already run: Express (`app.use('/coinspaid', toNodeHandler(proxy))`), Connect, Fastify through
 * @fastify/middie (`fastify.use('/coinspaid', …)`) and plain `node:http` (`createServer(toNodeHandler(app))`).
 *
 * Two things a framework does before the handler runs would otherwise break it silently:
 * - **Mounting strips the path.** Express and Connect cut the mount path from `req.url` and keep the whole one in
 *   `req.originalUrl` (Express also in `req.baseUrl`). The app is served as if `app.route(mount, app)` had mounted it
 *   in Hono, so it sees the path the browser asked for: the embed page names its scripts under the mount, the sandbox
 *   its hosted invoice pages.
 * - **A body parser may have read the body.** `express.json()` before the handler ends the stream; the callback's
 *   signature covers the raw bytes, which are then gone. Such a request gets a 500 that says so and how to fix it (and
 *   one console.error), never a signature error that hides the cause. Raw bytes kept in `req.rawBody` (a Buffer, as
 *   `express.json({ verify })` can keep them) are used instead.
 */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

/** Stable code of the answer to a request whose body a parser mounted earlier already read. */
export const BODY_ALREADY_READ = 'body_already_read';

const BODY_ALREADY_READ_MESSAGE =
  'The request body was already read by a body parser (express.json(), body-parser, …) that runs before coinspaid-terminal. ' +
  'Callbacks are verified on their raw bytes, which are gone. Mount toNodeHandler(...) before the body parser, exclude its ' +
  'path from the parser, or keep the raw bytes as a Buffer in req.rawBody (express.json({ verify: (req, res, buf) => { req.rawBody = buf } })).';

/** Wrappers kept per mount path; a parameterised mount (`/shops/:id/coinspaid`) has one per value, so the cache is bounded. */
const MAX_MOUNTS = 32;

/** What frameworks add to the request: the mount-stripped URL lives in `url`, the rest here. */
interface MountedRequest extends IncomingMessage {
  originalUrl?: unknown;
  baseUrl?: unknown;
  rawBody?: unknown;
  body?: unknown;
  _body?: unknown;
}

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * The path the framework mounted the handler at, `''` at the root: Express says it (`baseUrl`); Connect and middie
 * leave the whole URL in `originalUrl`, whose path ends with the stripped one.
 */
export function mountPathOf(req: IncomingMessage): string {
  const { baseUrl, originalUrl } = req as MountedRequest;
  if (typeof baseUrl === 'string') return baseUrl.replace(/\/+$/, '');
  if (typeof originalUrl !== 'string' || originalUrl === req.url) return '';
  const full = pathOf(originalUrl);
  const rest = pathOf(req.url ?? '/');
  // `/coinspaid` and `/coinspaid/` both reach the handler as `/`.
  if (rest === '/' || rest === '') return full.replace(/\/+$/, '');
  return full.endsWith(rest) ? full.slice(0, full.length - rest.length).replace(/\/+$/, '') : '';
}

/** True when something before the handler consumed the request's body stream without keeping its bytes. */
function bodyGone(req: MountedRequest): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  if (Buffer.isBuffer(req.rawBody)) return false;
  // body-parser marks what it parsed with `_body`; any reader leaves the stream ended.
  return req._body === true || req.readableEnded;
}

function answerBodyGone(res: ServerResponse): void {
  const body = JSON.stringify({ errors: { body: BODY_ALREADY_READ_MESSAGE }, code: BODY_ALREADY_READ });
  res.writeHead(500, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Serves a Hono app (`createTerminalProxy(...)`, `createSandbox(...)`) to Node's `http` API, mounted anywhere. */
export function toNodeHandler<E extends Env, S extends Schema, B extends string>(app: Hono<E, S, B>): NodeHandler {
  type Listener = ReturnType<typeof getRequestListener>;
  const listeners = new Map<string, Listener>();
  let warned = false;

  const listenerFor = (mount: string): Listener => {
    let listener = listeners.get(mount);
    if (listener) return listener;
    // At the root the app itself; under a mount, the app routed there, reading the path from the stripped URL plus the
    // mount, as Hono's own app.route(mount, app) would see it.
    const served = mount ? new Hono<E>({ getPath: (request) => mount + getPath(request) }).route(mount, app) : (app as unknown as Hono<E>);
    // overrideGlobalObjects: false, so the merchant's process keeps Node's own Request and Response.
    listener = getRequestListener((request, env) => served.fetch(request, env), { overrideGlobalObjects: false });
    if (listeners.size >= MAX_MOUNTS) listeners.clear();
    listeners.set(mount, listener);
    return listener;
  };

  return async function coinspaidNodeHandler(req, res, next) {
    try {
      if (bodyGone(req as MountedRequest)) {
        if (!warned) {
          warned = true;
          console.error(
            `coinspaid-terminal: ${req.method} ${(req as MountedRequest).originalUrl ?? req.url}: ${BODY_ALREADY_READ_MESSAGE}`,
          );
        }
        answerBodyGone(res);
        return;
      }
      await listenerFor(mountPathOf(req))(req, res);
    } catch (error) {
      // The listener answers the app's own failures; this is what it could not (a broken socket, a bug): the framework's.
      if (next) next(error);
      else if (!res.headersSent) {
        res.writeHead(500).end();
        console.error('coinspaid-terminal: the request could not be served', error);
      }
    }
  };
}
