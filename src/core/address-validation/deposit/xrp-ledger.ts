import { BASE58_XRP } from '../codecs.js';
import { checkTag } from '../tags.js';
import { base58check } from './base58check.js';
import type { NetworkCheck } from './network.js';

/** A classic address (`r…`), or an X-address (XLS-5d) of the main network with the tag it carries. */
export const xrpLedger: NetworkCheck = {
  async parse(input) {
    if (/^[XT]/.test(input) && input.length >= 45) {
      // 2 prefix bytes, the account id, a flag, a 64-bit tag of which only 32 bits are used.
      const body = await base58check(input, 35, BASE58_XRP);
      if (!body || body[0] !== 0x05 || body[1] !== 0x44) return false;
      const flag = body[22]!;
      const tag = body[23]! | (body[24]! << 8) | (body[25]! << 16) | (body[26]! << 24);
      if (flag > 1 || body.subarray(27, 31).some((b) => b) || (!flag && tag)) return false;
      return flag ? { tag: String(tag >>> 0) } : {};
    }
    const body = await base58check(input, 25, BASE58_XRP);
    return !!body && body[0] === 0 && {};
  },
  tag: (kind, tag) => {
    const checked = checkTag(kind, 'xrp-ledger', tag);
    return checked.ok && checked.tag;
  },
};
