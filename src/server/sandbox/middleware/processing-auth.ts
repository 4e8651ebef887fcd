import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { timingSafeEqualString, verifySignature } from '../../coinspaid/sign.js';

export interface ProcessingAuthOptions {
  apiKey: string;
  apiSecret: string;
}

/**
 * CoinsPaid's authentication: the X-Processing-Key header must be the API key and X-Processing-Signature the
 * HMAC-SHA512 of the exact body bytes keyed with the secret. Refusals are 403 with CoinsPaid's `{error, code}` body.
 */
export function processingAuth({ apiKey, apiSecret }: ProcessingAuthOptions): MiddlewareHandler {
  const refuse = (c: Context, error: string, code: string) => new HTTPException(403, { res: c.json({ error, code }, 403) });
  return async function processingAuth(c, next) {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const key = c.req.header('x-processing-key');
    const signature = c.req.header('x-processing-signature');
    if (!key || !signature)
      throw refuse(c, 'Authorization headers X-Processing-Key and X-Processing-Signature are required', 'auth_headers_missing');
    if (!timingSafeEqualString(key, apiKey)) throw refuse(c, 'Bad key', 'bad_key');
    if (!verifySignature(apiSecret, raw, signature)) throw refuse(c, 'Bad signature', 'bad_signature');
    await next();
  };
}
