/**
 * Customer-facing strings of `<coinspaid-payout-address-form>`, apart from strings.ts so that they load with the
 * lazily imported form and not with the deposit bundle. Functions where a sentence carries values, so word order
 * stays the translator's choice.
 */
import type { PayoutAddressProblem, PayoutNetwork, PayoutTagKind } from '../core/address-validation/types.js';

const copyAgain = 'Copy it again from your wallet or exchange.';

export const payoutStrings = {
  heading: 'Payout address',
  intro: 'Where should your payouts be sent? Enter an address of your own wallet or exchange account.',
  currencyLabel: 'Currency and network',
  option: (name: string, code: string, network: string | null) => (network ? `${name} (${code}) on ${network}` : `${name} (${code})`),
  addressLabel: (name: string) => `Your ${name} address`,
  addressHint: 'Paste it rather than typing it, then compare the first and last characters.',
  tagLabel: { 'destination-tag': 'Destination tag', memo: 'Memo' } satisfies Record<PayoutTagKind, string>,
  tagHint: {
    'destination-tag': 'A number. Exchanges require it to credit your account: copy it from the same page as the address.',
    memo: 'Exchanges require it to credit your account: copy it from the same page as the address.',
  } satisfies Record<PayoutTagKind, string>,
  save: 'Save payout address',
  saved: 'Payout address saved.',
  looksRight: (network: string) => `This is a valid ${network} address.`,
  noChecksum: 'This kind of address has no built-in check, so a typing mistake cannot be detected. Compare it carefully.',
  legacyBitcoinCash: 'This is an older Bitcoin Cash address format that Bitcoin uses too. Make sure it comes from a Bitcoin Cash wallet.',
  switchTo: (label: string) => `Use ${label} instead`,
  /** Wrong network: `found` is where the address belongs, `expected` the network payouts of `name` are sent on. */
  wrongNetwork: (found: string, name: string, expected: string) =>
    `This is a ${found} address, but ${name} payouts are sent on ${expected}. Coins sent to another network are lost.`,
  problems: {
    empty: 'Enter the address.',
    bad_characters: 'This address contains characters no address has (spaces, punctuation or look-alike letters).',
    mixed_case: `This address mixes capital and small letters, which this kind of address never does. ${copyAgain}`,
    bad_length: `This address is too short or too long. ${copyAgain}`,
    bad_checksum: `This address has a typing mistake: a character is wrong, missing or extra. ${copyAgain}`,
    wrong_network: 'This address belongs to another network.',
    testnet: 'This is a test-network address. Coins sent to it have no value. Enter a real (main network) address.',
    unsupported_format: 'This is not an address payouts can be sent to. Enter the plain address from your wallet, without a payment link.',
    unsupported_currency: 'Payout addresses cannot be checked for this currency.',
    private_key: 'This looks like a private key or recovery phrase, not an address. Never share it with anyone: clear this field.',
    tag_required: 'Enter the destination tag or memo. Without it an exchange cannot credit your payout.',
    tag_invalid: 'This tag or memo is not valid for this network.',
  } satisfies Record<PayoutAddressProblem, string>,
  tagProblems: {
    'destination-tag': {
      tag_required: 'Enter the destination tag. Without it an exchange cannot credit your payout.',
      tag_invalid: 'A destination tag is a whole number from 0 to 4294967295.',
    },
    memo: {
      tag_required: 'Enter the memo. Without it an exchange cannot credit your payout.',
      tag_invalid: 'This memo is too long or contains characters memos do not use.',
    },
  } satisfies Record<PayoutTagKind, Record<'tag_required' | 'tag_invalid', string>>,
  networks: {
    bitcoin: 'Bitcoin',
    litecoin: 'Litecoin',
    'bitcoin-cash': 'Bitcoin Cash',
    dogecoin: 'Dogecoin',
    ethereum: 'Ethereum',
    tron: 'TRON',
    'xrp-ledger': 'XRP Ledger',
    'bnb-beacon-chain': 'BNB Beacon Chain',
    stellar: 'Stellar',
    eos: 'EOS',
  } satisfies Record<PayoutNetwork, string>,
} as const;
