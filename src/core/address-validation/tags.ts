import type { PayoutNetwork, PayoutTagKind } from './types.js';

/**
 * Destination tags and memos. An XRP destination tag is an unsigned 32-bit integer; memos are short text (or, on
 * Stellar, a 64-bit id). Exchanges hand out plain numbers or short alphanumeric codes: characters that belong in no
 * memo (markup, quotes, control characters) are refused rather than stored for a merchant to display later.
 */

const MEMO = /^[A-Za-z0-9 !#$%&()*+,\-./:;=?@[\]^_{|}~]+$/;
const UINT32_MAX = 4294967295;
const UINT64_MAX = 18446744073709551615n;

/** Longest memo, in bytes (all memos here are ASCII), by network. */
const MEMO_BYTES: Partial<Record<PayoutNetwork, number>> = { 'bnb-beacon-chain': 128, stellar: 28, eos: 256 };

export type TagCheck = { ok: true; tag: string } | { ok: false; message: string };

/** Checks a non-empty, trimmed tag of `kind` on `network`; answers it in canonical form. */
export function checkTag(kind: PayoutTagKind, network: PayoutNetwork, tag: string): TagCheck {
  if (kind === 'destination-tag') {
    if (!/^\d+$/.test(tag)) return { ok: false, message: 'A destination tag is a whole number, digits only.' };
    const value = Number(tag);
    if (tag.length > 10 || value > UINT32_MAX) return { ok: false, message: `A destination tag is at most ${UINT32_MAX}.` };
    return { ok: true, tag: String(value) };
  }
  // Stellar MEMO_ID: a 64-bit unsigned integer; everything else there is MEMO_TEXT.
  if (network === 'stellar' && /^\d+$/.test(tag) && tag.length <= 20) {
    if (BigInt(tag) > UINT64_MAX) return { ok: false, message: 'A numeric Stellar memo is at most 18446744073709551615.' };
    return { ok: true, tag: BigInt(tag).toString() };
  }
  if (!MEMO.test(tag)) return { ok: false, message: 'A memo uses letters, digits and simple punctuation only.' };
  const max = MEMO_BYTES[network] ?? 64;
  if (tag.length > max) return { ok: false, message: `A memo on this network has at most ${max} characters.` };
  return { ok: true, tag };
}
