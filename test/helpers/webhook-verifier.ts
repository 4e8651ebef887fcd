import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A Standard Webhooks verifier written from the specification alone (spec/standard-webhooks.md, "Verifying webhook
 * authenticity"), with nothing but node:crypto: it shares no code with the `standardwebhooks` package the service signs
 * with, so a test that passes both has checked the scheme, not one implementation against itself. It is what a
 * merchant's backend does, in any language:
 *   1. the secret is base64 after `whsec_`;
 *   2. the signed content is `${webhook-id}.${webhook-timestamp}.${raw body}`;
 *   3. the signature is base64(HMAC-SHA256(secret, content)); `webhook-signature` lists `v1,<signature>` entries
 *      separated by spaces, any of which may match (compared in constant time);
 *   4. the timestamp must be within the tolerance of now (replays of old messages are refused).
 */
export function verifyStandardWebhook(
  secret: string,
  headers: { get(name: string): string | null } | Record<string, string>,
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): { ok: true } | { ok: false; reason: string } {
  const header = (name: string) =>
    (typeof headers.get === 'function' ? (headers as Headers).get(name) : (headers as Record<string, string>)[name]) ?? null;
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing headers' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'bad timestamp' };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'timestamp out of tolerance' };
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`, 'utf8').digest();
  for (const entry of signatures.split(' ')) {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || !signature) continue;
    const given = Buffer.from(signature, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no matching signature' };
}
