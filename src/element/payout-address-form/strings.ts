/**
 * Customer-facing strings of `<coinspaid-payout-address-form>`, apart from the element's strings.ts so that they load with the
 * lazily imported form and not with the deposit bundle. Getters and functions: `msg()` runs at render time (see
 * ../strings.ts); sentences with values are `str` templates, so word order stays the translator's choice.
 */
import { msg } from '@lit/localize/init/install.js';
import { str } from '@lit/localize/internal/str-tag.js';
import type { PayoutAddressProblem, PayoutNetwork, PayoutTagKind } from '../../core/address-validation/types.js';

export const payoutStrings = {
  get heading() {
    return msg('Payout address');
  },
  get intro() {
    return msg('Where should your payouts be sent? Enter an address of your own wallet or exchange account.');
  },
  get currencyLabel() {
    return msg('Currency and network');
  },
  option: (name: string, code: string, network: string | null) =>
    network
      ? msg(str`${name} (${code}) on ${network}`, { desc: 'A currency on a blockchain network, e.g. "Tether (USDTT) on TRON".' })
      : `${name} (${code})`,
  addressLabel: (name: string) => msg(str`Your ${name} address`, { desc: 'name is a cryptocurrency, e.g. "Your Bitcoin address".' }),
  get addressHint() {
    return msg('Paste it rather than typing it, then compare the first and last characters.');
  },
  get tagLabel(): Record<PayoutTagKind, string> {
    return {
      'destination-tag': msg('Destination tag'),
      memo: msg('Memo', { desc: 'The memo some networks (Stellar, EOS, BNB) need next to an exchange address.' }),
    };
  },
  get noTagNeeded(): Record<PayoutTagKind, string> {
    return {
      'destination-tag': msg('This address needs no destination tag: it is my own wallet, not an exchange account.'),
      memo: msg('This address needs no memo: it is my own wallet, not an exchange account.'),
    };
  },
  get tagHint(): Record<PayoutTagKind, string> {
    return {
      'destination-tag': msg('A number. Exchanges require it to credit your account: copy it from the same page as the address.'),
      memo: msg('Exchanges require it to credit your account: copy it from the same page as the address.'),
    };
  },
  get save() {
    return msg('Save payout address');
  },
  get saved() {
    return msg('Payout address saved.');
  },
  looksRight: (network: string) =>
    msg(str`This is a valid ${network} address.`, { desc: 'network is a blockchain, e.g. "Ethereum (ERC-20)".' }),
  get noChecksum() {
    return msg('This kind of address has no built-in check, so a typing mistake cannot be detected. Compare it carefully.');
  },
  get legacyBitcoinCash() {
    return msg('This is an older Bitcoin Cash address format that Bitcoin uses too. Make sure it comes from a Bitcoin Cash wallet.');
  },
  switchTo: (label: string) =>
    msg(str`Use ${label} instead`, { desc: 'Button; label is a currency on a network, e.g. "Tether (USDTT) on TRON".' }),
  /** Wrong network: `found` is where the address belongs, `expected` the network payouts of `name` are sent on. */
  wrongNetwork: (found: string, name: string, expected: string) =>
    msg(str`This is a ${found} address, but ${name} payouts are sent on ${expected}. Coins sent to another network are lost.`, {
      desc: 'found and expected are blockchain networks; name is a currency.',
    }),
  get problems(): Record<PayoutAddressProblem, string> {
    return {
      empty: msg('Enter the address.'),
      bad_characters: msg('This address contains characters no address has (spaces, punctuation or look-alike letters).'),
      mixed_case: msg(
        'This address mixes capital and small letters, which this kind of address never does. Copy it again from your wallet or exchange.',
      ),
      bad_length: msg('This address is too short or too long. Copy it again from your wallet or exchange.'),
      bad_checksum: msg(
        'This address has a typing mistake: a character is wrong, missing or extra. Copy it again from your wallet or exchange.',
      ),
      wrong_network: msg('This address belongs to another network.'),
      testnet: msg('This is a test-network address. Coins sent to it have no value. Enter a real (main network) address.'),
      unsupported_format: msg(
        'This is not an address payouts can be sent to. Enter the plain address from your wallet, without a payment link.',
      ),
      unsupported_currency: msg('Payout addresses cannot be checked for this currency.'),
      private_key: msg('This looks like a private key or recovery phrase, not an address. Never share it with anyone: clear this field.'),
      tag_required: msg('Enter the destination tag or memo. Without it an exchange cannot credit your payout.'),
      tag_invalid: msg('This tag or memo is not valid for this network.'),
    };
  },
  get tagProblems(): Record<PayoutTagKind, Record<'tag_required' | 'tag_invalid', string>> {
    return {
      'destination-tag': {
        tag_required: msg('Enter the destination tag. Without it an exchange cannot credit your payout.'),
        tag_invalid: msg('A destination tag is a whole number from 0 to 4294967295.'),
      },
      memo: {
        tag_required: msg('Enter the memo. Without it an exchange cannot credit your payout.'),
        tag_invalid: msg('This memo is too long or contains characters memos do not use.'),
      },
    };
  },
  /** Network names are proper names: the same in every language. */
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
};
