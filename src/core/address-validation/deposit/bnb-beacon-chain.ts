import { bech32Words, fromWords } from '../codecs.js';
import { checkTag } from '../tags.js';
import { bech32Shape, hrpOf } from './bech32.js';
import type { NetworkCheck } from './network.js';

/** Plain bech32 (`bnb1…`) of a 20-byte payload. */
export const bnbBeaconChain: NetworkCheck = {
  parse(input) {
    const words = bech32Shape(input) && hrpOf(input) === 'bnb' && bech32Words(input.toLowerCase(), false);
    return !!words && fromWords(words)?.length === 20 && {};
  },
  tag: (kind, tag) => {
    const checked = checkTag(kind, 'bnb-beacon-chain', tag);
    return checked.ok && checked.tag;
  },
};
