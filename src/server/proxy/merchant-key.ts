import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` header carries the merchant's API key as a Bearer credential. Compared in constant time
 * over SHA-256 digests, so neither the key's bytes nor its length leak through timing; a checkout token (a JWT) or any
 * other credential simply does not match.
 */
export function bearerMatches(authorization: string | undefined, key: string): boolean {
  const given = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  // Always compare, also when nothing was given: a missing header costs the same time as a wrong one.
  return timingSafeEqual(digest(given), digest(key)) && given.length > 0;
}
