import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { formatWithOptions } from 'node:util';
import type { MiddlewareHandler } from 'hono';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config.js';

/**
 * Structured JSON logs, one object a line (pino): every line written while a request is handled carries its
 * `req_id` (the caller's X-Request-Id when it is a sane one, else a new UUID; echoed in the answer), whoever writes it
 * — the access log, the proxy's own warnings, the merchant-facing errors. Nothing secret is written: no headers, no
 * query strings (a token may travel in one), follow capabilities cut out of paths, and a last-resort redaction of
 * fields named like credentials.
 */

export type { Logger } from 'pino';

interface RequestScope {
  requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** The request being handled here, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

export function createLogger({ level, destination }: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level,
      base: { service: 'coinspaid-terminal', pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { req_id: requestId } : {};
      },
      redact: {
        paths: ['authorization', 'token', 'secret', 'password', '*.authorization', '*.token', '*.secret', '*.password', 'headers'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** An incoming X-Request-Id is kept only when it cannot forge log lines or bloat them. */
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A path as logged: a follow capability grants reading a checkout, so it is cut out like a token. */
export function loggablePath(path: string): string {
  return path.replace(/\/follow\/[^/]+/, '/follow/:capability');
}

/** Paths probed every few seconds: logged at debug, so that info shows traffic. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/** Gives each request its id and logs it once answered: method, path, status, duration. */
export function requestLogging(logger: Logger): MiddlewareHandler {
  return async function requestLogging(c, next) {
    const given = c.req.header('x-request-id');
    const requestId = given && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
    const started = performance.now();
    await scope.run({ requestId }, async () => {
      logger.trace({ method: c.req.method, path: loggablePath(c.req.path) }, 'request started');
      await next();
      c.res.headers.set('X-Request-Id', requestId);
      const status = c.res.status;
      const line = {
        method: c.req.method,
        path: loggablePath(c.req.path),
        status,
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
      };
      if (status >= 500) logger.warn(line, 'request failed');
      else if (QUIET.has(c.req.path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
  };
}

/**
 * Sends console output to the logger, so the library's own `console.warn`/`console.error` lines (a status going
 * backwards, a merchant handler failing) become JSON lines with the request id. For the service's process only.
 */
export function routeConsoleToLogger(logger: Logger): void {
  const route =
    (level: 'error' | 'warn' | 'info' | 'debug') =>
    (...args: unknown[]): void => {
      const err = args.find((arg) => arg instanceof Error);
      const message = formatWithOptions({ breakLength: Infinity }, ...args.filter((arg) => arg !== err));
      if (err) logger[level]({ err }, message);
      else logger[level](message);
    };
  console.error = route('error');
  console.warn = route('warn');
  console.info = route('info');
  console.log = route('info');
  console.debug = route('debug');
}
