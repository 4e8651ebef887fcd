import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** The header every control request carries. A web page of another site cannot send it: it triggers a CORS
 * preflight, which the control API never answers. */
export const CONTROL_HEADER = 'X-Sandbox-Control';

export interface ControlGuardOptions {
  clientIp: (c: Context) => string;
  /** `loopback` (default): only this machine may play the customer; `anywhere`: a sandbox shared on a test network. */
  allowFrom?: 'loopback' | 'anywhere';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The control API makes deposits and sends signed callbacks on request: it answers only requests that cannot come from
 * a foreign web page (a required non-simple header) and, unless configured otherwise, only from this machine.
 * Refusals are 403 with field errors, like every control answer.
 */
export function controlGuard({ clientIp, allowFrom = 'loopback' }: ControlGuardOptions): MiddlewareHandler {
  const refuse = (c: Context, field: string, message: string) =>
    new HTTPException(403, { res: c.json({ errors: { [field]: message } }, 403) });
  return async function controlGuard(c, next) {
    if (!c.req.header(CONTROL_HEADER))
      throw refuse(c, 'header', `Control requests need the ${CONTROL_HEADER} header (any value): a page of another site cannot send it.`);
    if (allowFrom === 'loopback') {
      const ip = clientIp(c);
      if (!LOOPBACK.has(ip))
        throw refuse(
          c,
          'client',
          ip === 'unknown'
            ? 'The sandbox cannot tell where this request comes from; give createSandbox a clientIp, or controlFrom: "anywhere".'
            : 'The control API answers this machine only (createSandbox controlFrom: "anywhere" opens it).',
        );
    }
    await next();
  };
}
