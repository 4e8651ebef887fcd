import { decodeBase58Check, isFailure } from './base58.js';
import { parseCashAddr } from './cashaddr.js';
import { BASE32, BASE58_XRP, crc16xmodem, fromWords } from './codecs.js';
import { keccak256 } from './keccak.js';
import { bech32Parts, parseBech32Payload, parseSegwit } from './segwit.js';
import { sha256 } from './sha256.js';
import type { Parsed, ParseFailure, PayoutAddressFormat, PayoutNetwork } from './types.js';

export { crc16xmodem } from './codecs.js';

/** One parser per network: what an input is on that network, if anything. */

// Encoding (only the payout side writes addresses: the classic form of an X-address).

export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes to Base58, each leading zero byte a zero digit. */
export function base58Encode(bytes: Uint8Array, alphabet: string): string {
  let n = bytes.length ? BigInt(`0x0${toHex(bytes)}`) : 0n;
  let out = '';
  for (; n > 0n; n /= 58n) out = alphabet[Number(n % 58n)]! + out;
  for (let i = 0; i < bytes.length && !bytes[i]; i++) out = alphabet[0]! + out;
  return out;
}

const fail = (problem: ParseFailure['problem'], message: string, conclusive = false): ParseFailure =>
  conclusive ? { ok: false, problem, message, conclusive } : { ok: false, problem, message };

// ── Bitcoin family ─────────────────────────────────────────────────────────────────────────────────────────

interface BitcoinFamily {
  name: string;
  /** Base58Check version bytes of the main network. */
  main: Readonly<Record<number, PayoutAddressFormat>>;
  /** Version bytes of test networks (testnet, regtest). */
  test: readonly number[];
  /** Version bytes this network used to share with another and has left: refused with this explanation. */
  retired?: Readonly<Record<number, string>>;
  segwit?: { main: string; test: readonly string[] };
  cashAddr?: boolean;
}

function bitcoinFamily(family: BitcoinFamily): (input: string) => Parsed {
  return (input) => {
    if (family.cashAddr) {
      const cash = parseCashAddr(input);
      if (cash) return cash;
    }
    if (family.segwit) {
      const segwit = parseSegwit(input, family.segwit);
      if (segwit) return segwit;
    }
    const body = decodeBase58Check(input, 25);
    if (isFailure(body)) return body.problem === 'bad_characters' && looksBech32(input) ? unknownPrefix(input) : body;
    const version = body[0]!;
    const format = family.main[version];
    if (format) return { ok: true, address: input, format, checksum: true, testnet: false };
    if (family.test.includes(version)) return { ok: true, address: input, format: 'p2pkh', checksum: true, testnet: true };
    const retired = family.retired?.[version];
    if (retired) return fail('unsupported_format', retired, true);
    return fail('unsupported_format', `Version byte 0x${version.toString(16)} is not a ${family.name} address.`);
  };
}

/** Single-case, a lower-case-letter prefix, `1`, then only bech32 data characters: bech32 of some other chain. */
function looksBech32(input: string): boolean {
  if (input !== input.toLowerCase() && input !== input.toUpperCase()) return false;
  const parts = bech32Parts(input);
  return !!parts && /^[a-z]{1,83}$/.test(parts.hrp) && /^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{6,}$/.test(parts.data.toLowerCase());
}

const unknownPrefix = (input: string) => fail('unsupported_format', `No such address prefix here: ${bech32Parts(input)!.hrp}1….`);

const bitcoin = bitcoinFamily({
  name: 'Bitcoin',
  main: { 0x00: 'p2pkh', 0x05: 'p2sh' },
  test: [0x6f, 0xc4],
  segwit: { main: 'bc', test: ['tb', 'bcrt'] },
});

const litecoin = bitcoinFamily({
  name: 'Litecoin',
  main: { 0x30: 'p2pkh', 0x32: 'p2sh' },
  test: [0x6f, 0x3a, 0xc4],
  // Litecoin moved P2SH from 3… (shared with Bitcoin: coins sent by mistake go to the wrong chain) to M… in 2017.
  retired: { 0x05: 'Old-style Litecoin P2SH (3…), shared with Bitcoin: use the M… or ltc1… form of the address.' },
  segwit: { main: 'ltc', test: ['tltc', 'rltc'] },
});

const dogecoin = bitcoinFamily({ name: 'Dogecoin', main: { 0x1e: 'p2pkh', 0x16: 'p2sh' }, test: [0x71, 0xc4] });

// Legacy Bitcoin Cash addresses are the Bitcoin ones (the chains split in 2017); CashAddr is preferred.
const bitcoinCash = bitcoinFamily({ name: 'Bitcoin Cash', main: { 0x00: 'p2pkh', 0x05: 'p2sh' }, test: [0x6f, 0xc4], cashAddr: true });

// ── Ethereum (and ERC-20 tokens) ───────────────────────────────────────────────────────────────────────────

/** The EIP-55 mixed-case form of 40 hex digits. */
export function toChecksumAddress(hex40: string): string {
  const lower = hex40.toLowerCase();
  const digest = toHex(keccak256(new TextEncoder().encode(lower)));
  let out = '0x';
  for (let i = 0; i < 40; i++) out += parseInt(digest[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  return out;
}

function ethereum(input: string): Parsed {
  if (!input.startsWith('0x')) {
    return /^(0X)?[0-9a-fA-F]{40}$/.test(input)
      ? fail('unsupported_format', 'An Ethereum address starts with 0x (lower-case x).')
      : fail('unsupported_format', 'An Ethereum address is 0x followed by 40 hexadecimal digits.');
  }
  const hex = input.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(hex)) return fail('bad_characters', 'Only 0-9 and a-f follow 0x.');
  if (hex.length !== 40) return fail('bad_length', `${hex.length} hexadecimal digits, not 40.`);
  const canonical = toChecksumAddress(hex);
  const oneCase = hex === hex.toLowerCase() || hex === hex.toUpperCase();
  if (!oneCase && canonical !== input) return fail('bad_checksum', 'The EIP-55 capitalisation does not match: a character is wrong.');
  return { ok: true, address: canonical, format: 'evm', checksum: !oneCase, testnet: false };
}

// ── TRON ────────────────────────────────────────────────────────────────────────────────────────────────

function tron(input: string): Parsed {
  if (/^41[0-9a-fA-F]{40}$/.test(input)) return fail('unsupported_format', 'TRON’s hexadecimal form: enter the T… address.', true);
  const body = decodeBase58Check(input, 25);
  if (isFailure(body)) return body;
  if (body[0] !== 0x41) return fail('unsupported_format', 'A TRON address starts with T (version byte 0x41).');
  return { ok: true, address: input, format: 'tron', checksum: true, testnet: false };
}

// ── XRP Ledger ──────────────────────────────────────────────────────────────────────────────────────────

const X_MAIN = [0x05, 0x44];
const X_TEST = [0x04, 0x93];

/** The classic address of a 20-byte account id. */
export function xrpClassicAddress(accountId: Uint8Array): string {
  const body = concat(new Uint8Array([0]), accountId);
  return base58Encode(concat(body, sha256(sha256(body)).slice(0, 4)), BASE58_XRP);
}

function xrpLedger(input: string): Parsed {
  // X-addresses (XLS-5d): 2 prefix bytes, the account id, a flag, a 64-bit tag of which only 32 bits are used.
  if (/^[XT]/.test(input) && input.length >= 45) {
    const body = decodeBase58Check(input, 35, 'xrp');
    if (isFailure(body)) return body;
    const test = body[0] === X_TEST[0] && body[1] === X_TEST[1];
    if (!test && !(body[0] === X_MAIN[0] && body[1] === X_MAIN[1])) return fail('unsupported_format', 'Not an X-address prefix.');
    const flag = body[22]!;
    const tagBytes = body.slice(23, 31);
    const tag = (tagBytes[0]! | (tagBytes[1]! << 8) | (tagBytes[2]! << 16)) + tagBytes[3]! * 0x1000000;
    if (flag > 1 || tagBytes.slice(4).some((b) => b !== 0) || (flag === 0 && tag !== 0)) {
      return fail('unsupported_format', 'The X-address’s tag field is malformed.', true);
    }
    const address = xrpClassicAddress(body.slice(2, 22));
    return flag === 1
      ? { ok: true, address, format: 'xrp-x-address', checksum: true, testnet: test, tag: String(tag) }
      : { ok: true, address, format: 'xrp-x-address', checksum: true, testnet: test };
  }
  const body = decodeBase58Check(input, 25, 'xrp');
  if (isFailure(body)) return body;
  if (body[0] !== 0) return fail('unsupported_format', 'A classic XRP address starts with r (version byte 0).');
  return { ok: true, address: input, format: 'xrp-classic', checksum: true, testnet: false };
}

// ── Stellar ─────────────────────────────────────────────────────────────────────────────────────────────

/** Decodes a 56-character strkey (version byte, 32 bytes, CRC16 little-endian) when its checksum holds. */
export function decodeStrKey(input: string): { version: number; key: Uint8Array } | ParseFailure {
  if (!/^[A-Z2-7]+$/.test(input)) return fail('bad_characters', 'Stellar keys use only A-Z and 2-7, upper case.');
  if (input.length !== 56) return fail('bad_length', `${input.length} characters, not 56.`);
  const bytes = fromWords(Array.from(input, (ch) => BASE32.indexOf(ch)))!;
  const crc = crc16xmodem(bytes.slice(0, 33));
  if (bytes[33] !== (crc & 0xff) || bytes[34] !== crc >> 8)
    return fail('bad_checksum', 'The strkey checksum does not match: a character is wrong.');
  return { version: bytes[0]!, key: bytes.slice(1, 33) };
}

const STELLAR_ACCOUNT = 6 << 3; // 'G'

function stellar(input: string): Parsed {
  if (/^M[A-Za-z2-7]{68}$/.test(input)) return fail('unsupported_format', 'A muxed (M…) account: enter the G… account and the memo.', true);
  const decoded = decodeStrKey(input);
  if (isFailure(decoded)) return decoded;
  if (decoded.version !== STELLAR_ACCOUNT) return fail('unsupported_format', 'Not an account id (G…).');
  return { ok: true, address: input, format: 'stellar-account', checksum: true, testnet: false };
}

// ── BNB Beacon Chain ────────────────────────────────────────────────────────────────────────────────────

function bnbBeaconChain(input: string): Parsed {
  return (
    parseBech32Payload(input, { main: 'bnb', test: ['tbnb'] }, 20) ??
    fail('unsupported_format', 'A BNB Beacon Chain address starts with bnb1.')
  );
}

// ── EOS ─────────────────────────────────────────────────────────────────────────────────────────────────

function eos(input: string): Parsed {
  if (/^EOS[1-9A-HJ-NP-Za-km-z]{50}$/.test(input)) return fail('unsupported_format', 'An EOS public key: enter the account name.', true);
  if (!/^[a-z1-5.]+$/.test(input)) return fail('bad_characters', 'EOS account names use only a-z, 1-5 and dots.');
  if (input.length > 12) return fail('bad_length', 'EOS account names have at most 12 characters.');
  if (input.endsWith('.')) return fail('unsupported_format', 'An EOS account name does not end with a dot.');
  return { ok: true, address: input, format: 'eos-account', checksum: false, testnet: false };
}

export const PARSERS: Readonly<Record<PayoutNetwork, (input: string) => Parsed>> = {
  bitcoin,
  litecoin,
  'bitcoin-cash': bitcoinCash,
  dogecoin,
  ethereum,
  tron,
  'xrp-ledger': xrpLedger,
  'bnb-beacon-chain': bnbBeaconChain,
  stellar,
  eos,
};

/**
 * Networks whose addresses are told apart with confidence (a checksum or a distinct prefix), in the order a
 * mismatch is looked for: Bitcoin before Bitcoin Cash, whose legacy addresses are Bitcoin's. EOS account names have
 * no checksum (any short lower-case word is one), so they are never offered as the "right" network.
 */
export const DETECTABLE: readonly PayoutNetwork[] = [
  'bitcoin',
  'litecoin',
  'dogecoin',
  'bitcoin-cash',
  'ethereum',
  'tron',
  'xrp-ledger',
  'stellar',
  'bnb-beacon-chain',
];
