import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { decodeJwt } from 'jose';
import * as v from 'valibot';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { ProxyError } from '../errors.js';
import { bearerMatches } from '../merchant-key.js';
import { checkoutIdOf, CheckoutClaimsSchema, createCheckoutToken } from '../tokens.js';
import { fieldErrors, jsonBody } from '../validation.js';

/** Invoice claims (title, description, URLs) make the largest body; nothing legitimate comes near this. */
const MAX_BODY_BYTES = 16 * 1024;
/** A checkout token lives 30 minutes unless the merchant asks otherwise; at least a minute, at most a day. */
const DEFAULT_EXPIRES_IN = 30 * 60;
const ExpiresIn = v.optional(
  v.pipe(
    v.number('must be a number of seconds'),
    v.integer('must be a whole number of seconds'),
    v.minValue(60, 'must be at least 60 seconds'),
    v.maxValue(86_400, 'must be at most 86400 seconds (a day)'),
  ),
  DEFAULT_EXPIRES_IN,
);

/** `POST /tokens`' answer. */
export interface TokenGrant {
  token: string;
  /** Unix seconds. */
  expires_at: number;
  /** The checkout the token belongs to: `o:<order_id>`, as webhooks name it. */
  checkout_id: string;
}

/**
 * `POST /tokens`: checkout tokens minted over HTTP for a backend that is not JavaScript (PHP, Python, Java, Go).
 * Authorized by the merchant's API key only — never by a checkout token — and mounted only when one is configured.
 * The body is the checkout claims plus an optional `expires_in` (seconds); bad claims answer 400 with one message per
 * field, exactly as a token carrying them would have been refused.
 */
export function tokenRoutes({ settings }: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  const key = settings.merchantApiKey;
  if (!key) return app;
  app.post(
    '/tokens',
    async (c, next) => {
      // Before reading the body: an unauthorized caller learns nothing about what the claims should look like.
      if (!bearerMatches(c.req.header('authorization'), key)) {
        const missing = !c.req.header('authorization');
        throw new ProxyError(
          401,
          missing ? 'token_missing' : 'token_invalid',
          { authorization: missing ? 'The merchant API key is required (Authorization: Bearer …).' : 'The merchant API key is not valid.' },
          { 'WWW-Authenticate': 'Bearer realm="coinspaid-terminal"' },
        );
      }
      await next();
    },
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ProxyError(413, 'payload_too_large', { body: 'The request is too large.' });
      },
    }),
    async (c) => {
      const body = (await jsonBody(c)) as Record<string, unknown>;
      const { expires_in: expiresIn, ...claims } = body;
      const errors: Record<string, string> = {};
      const lifetime = v.safeParse(ExpiresIn, expiresIn);
      if (!lifetime.success) errors['expires_in'] = `The expires in ${lifetime.issues[0].message}.`;
      const parsed = v.safeParse(CheckoutClaimsSchema, claims);
      if (!parsed.success) Object.assign(errors, fieldErrors(parsed.issues));
      if (!lifetime.success || !parsed.success) throw new ProxyError(400, 'validation', errors);
      const token = await createCheckoutToken(settings.tokenSecret, parsed.output, { expiresIn: lifetime.output });
      c.header('Cache-Control', 'no-store');
      return c.json({
        token,
        expires_at: decodeJwt(token).exp!,
        checkout_id: checkoutIdOf(token, parsed.output.order_id),
      } satisfies TokenGrant);
    },
  );
  return app;
}
