import { checkTag } from '../tags.js';
import type { NetworkCheck } from './network.js';

/** An account name: up to 12 of a-z, 1-5 and dots, not ending with a dot (no checksum exists for these). */
export const eos: NetworkCheck = {
  parse: (input) => /^[a-z1-5.]{0,11}[a-z1-5]$/.test(input) && {},
  tag: (kind, tag) => {
    const checked = checkTag(kind, 'eos', tag);
    return checked.ok && checked.tag;
  },
};
