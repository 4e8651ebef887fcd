import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import * as v from 'valibot';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';
import { currencyCode, decimalAmount, fieldErrors, foreignId, httpUrl, orderId } from './validation.js';
import { ProxyError } from './errors.js';

/**
 * Checkout tokens: short-lived HS256 JWTs the merchant's backend mints to say who is paying and what the widget may
 * do. The proxy refuses any request whose token is missing, expired, tampered with, or contradicted by the request.
 */

const AUDIENCE = 'coinspaid-terminal';
const MAX_CURRENCIES = 50;

const InvoiceClaims = v.strictObject({
  title: v.pipe(v.string('must be a string'), v.minLength(1, 'is required'), v.maxLength(255, 'is too long')),
  description: v.optional(v.pipe(v.string('must be a string'), v.maxLength(1000, 'is too long'))),
  timer: v.optional(v.boolean('must be true or false'), true),
  sender_currency: v.optional(currencyCode),
  url_success: httpUrl,
  url_failed: httpUrl,
  email_user: v.pipe(v.string('must be a string'), v.email('must be an email address'), v.maxLength(254, 'is too long')),
});

export const CheckoutClaimsSchema = v.pipe(
  v.strictObject({
    foreign_id: foreignId,
    order_id: v.optional(orderId),
    currencies: v.optional(
      v.pipe(
        v.array(currencyCode, 'must be a list of currency codes'),
        v.minLength(1, 'must not be empty'),
        v.maxLength(MAX_CURRENCIES, 'is too long'),
      ),
    ),
    convert_to: v.optional(currencyCode),
    amount: v.optional(decimalAmount),
    amount_currency: v.optional(currencyCode),
    url_back: v.optional(httpUrl),
    invoice: v.optional(InvoiceClaims),
  }),
  v.forward(
    v.check((claims) => (claims.amount === undefined) === (claims.amount_currency === undefined), 'and amount currency go together'),
    ['amount'],
  ),
  // The order is part of the token: a price without one could be paid by any earlier payment to a reused address, and
  // the shop's server would not know which order a settlement is for.
  v.forward(
    v.check(
      (claims) => claims.amount === undefined || claims.order_id !== undefined,
      'is required with an amount: it names the order paid',
    ),
    ['order_id'],
  ),
  v.forward(
    v.check(
      (claims) => !claims.invoice || (claims.amount !== undefined && claims.amount_currency !== undefined),
      'is required for an invoice (with amount_currency)',
    ),
    ['amount'],
  ),
);

export type CheckoutClaims = v.InferOutput<typeof CheckoutClaimsSchema>;
export type CheckoutClaimsInput = v.InferInput<typeof CheckoutClaimsSchema>;

/** A verified token: its claims, when it expires (Unix seconds), and the checkout it belongs to. */
export interface VerifiedCheckout extends CheckoutClaims {
  exp: number;
  /**
   * The proxy's id of the checkout: `o:<order_id>` (every token for one order continues it: a reload, a new tab), or
   * for a token without an order `t:<hash of the token>`.
   */
  checkout_id: string;
}

/** The checkout a token belongs to (see VerifiedCheckout.checkout_id). */
export function checkoutIdOf(token: string, orderId: string | undefined): string {
  return orderId !== undefined ? `o:${orderId}` : `t:${base64urlnopad.encode(sha256(utf8ToBytes(token)).slice(0, 16))}`;
}

function secretKey(secret: string): Uint8Array {
  const key = new TextEncoder().encode(secret);
  if (key.length < 32) throw new TypeError('checkout token secret must be at least 32 bytes');
  return key;
}

export class CheckoutClaimsError extends TypeError {
  constructor(readonly errors: Record<string, string>) {
    super(
      `Invalid checkout claims: ${Object.entries(errors)
        .map(([k, m]) => `${k}: ${m}`)
        .join('; ')}`,
    );
    this.name = 'CheckoutClaimsError';
  }
}

/**
 * Mints a checkout token on the merchant's server. `expiresIn` as seconds or a jose time span ('15m', '2h').
 * @throws CheckoutClaimsError for claims that would be refused anyway.
 */
export async function createCheckoutToken(
  secret: string,
  claims: CheckoutClaimsInput,
  { expiresIn = '30m' }: { expiresIn?: string | number } = {},
): Promise<string> {
  const result = v.safeParse(CheckoutClaimsSchema, claims);
  if (!result.success) throw new CheckoutClaimsError(fieldErrors(result.issues));
  const expiry = typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn;
  return new SignJWT({ ...result.output })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setAudience(AUDIENCE)
    .setExpirationTime(expiry)
    .sign(secretKey(secret));
}

/**
 * Verifies a checkout token: HS256 only, our audience, not expired, claims well formed.
 * @throws ProxyError 401 with code token_missing, token_expired or token_invalid.
 */
export async function verifyCheckoutToken(
  secret: string,
  token: string | undefined | null,
  nowSeconds?: number,
): Promise<VerifiedCheckout> {
  if (!token) throw new ProxyError(401, 'token_missing', { token: 'A checkout token is required.' });
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, secretKey(secret), {
      algorithms: ['HS256'],
      audience: AUDIENCE,
      requiredClaims: ['exp'],
      ...(nowSeconds !== undefined ? { currentDate: new Date(nowSeconds * 1000) } : {}),
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new ProxyError(401, 'token_expired', { token: 'The checkout token has expired.' });
    throw new ProxyError(401, 'token_invalid', { token: 'The checkout token is not valid.' });
  }
  const { exp, iat: _iat, aud: _aud, ...claims } = payload;
  const result = v.safeParse(CheckoutClaimsSchema, claims);
  if (!result.success) throw new ProxyError(401, 'token_invalid', { token: 'The checkout token carries malformed claims.' });
  return { ...result.output, exp: exp as number, checkout_id: checkoutIdOf(token, result.output.order_id) };
}

/**
 * A verifier that remembers tokens it has already verified (until they expire), so a widget polling rates does not
 * pay for an HMAC and a claims parse on every request. Bounded: the least recently used tokens are forgotten first.
 */
export function createTokenVerifier(secret: string, { cacheSize = 10_000 } = {}) {
  const verified = new Map<string, VerifiedCheckout>();
  return async function verify(token: string | undefined | null, nowSeconds: number): Promise<VerifiedCheckout> {
    const cached = token ? verified.get(token) : undefined;
    if (cached && token) {
      if (cached.exp <= nowSeconds) {
        verified.delete(token);
        throw new ProxyError(401, 'token_expired', { token: 'The checkout token has expired.' });
      }
      verified.delete(token);
      verified.set(token, cached);
      return cached;
    }
    const checkout = await verifyCheckoutToken(secret, token, nowSeconds);
    verified.set(token!, checkout);
    if (verified.size > cacheSize) verified.delete(verified.keys().next().value!);
    return checkout;
  };
}
