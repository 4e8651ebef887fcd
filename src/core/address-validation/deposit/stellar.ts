import { BASE32, crc16xmodem, fromWords } from '../codecs.js';
import { checkTag } from '../tags.js';
import type { NetworkCheck } from './network.js';

/** An account id (`G…`): a strkey of version 6 << 3 with its CRC16. */
export const stellar: NetworkCheck = {
  parse(input) {
    if (!/^G[A-Z2-7]{55}$/.test(input)) return false;
    const bytes = fromWords(Array.from(input, (ch) => BASE32.indexOf(ch)))!;
    const crc = crc16xmodem(bytes.subarray(0, 33));
    return bytes[0] === 6 << 3 && bytes[33] === (crc & 0xff) && bytes[34] === crc >> 8 && {};
  },
  tag: (kind, tag) => {
    const checked = checkTag(kind, 'stellar', tag);
    return checked.ok && checked.tag;
  },
};
