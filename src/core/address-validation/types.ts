/**
 * What `validatePayoutAddress()` answers. Pure data: the element turns `problem` into words of its own
 * (src/element/payout-address-form/strings.ts); `message` is an English explanation for logs and developers.
 */

/** The chain an address belongs to. Stable identifiers, not display names. */
export type PayoutNetwork =
  'bitcoin' | 'litecoin' | 'bitcoin-cash' | 'dogecoin' | 'ethereum' | 'tron' | 'xrp-ledger' | 'bnb-beacon-chain' | 'stellar' | 'eos';

/** How the address is written. */
export type PayoutAddressFormat =
  /** Base58Check pay-to-public-key-hash (Bitcoin `1…`, Litecoin `L…`, Dogecoin `D…`, legacy Bitcoin Cash). */
  | 'p2pkh'
  /** Base58Check pay-to-script-hash (Bitcoin `3…`, Litecoin `M…`, Dogecoin `9…`/`A…`, legacy Bitcoin Cash). */
  | 'p2sh'
  /** Native segwit v0, 20-byte program (bech32). */
  | 'p2wpkh'
  /** Native segwit v0, 32-byte program (bech32). */
  | 'p2wsh'
  /** Native segwit v1, 32-byte program: taproot (bech32m). */
  | 'p2tr'
  /** Native segwit v1 with another length, or v2–v16 (bech32m): valid recipients per BIP-350, not yet in use. */
  | 'segwit-future'
  | 'cashaddr-p2pkh'
  | 'cashaddr-p2sh'
  /** `0x` + 40 hex digits (Ethereum and ERC-20 tokens). */
  | 'evm'
  /** TRON Base58Check (`T…`). */
  | 'tron'
  /** XRP Ledger classic address (`r…`). */
  | 'xrp-classic'
  /** XRP Ledger X-address (`X…`): account and optional destination tag in one string. */
  | 'xrp-x-address'
  /** Stellar account id (`G…`). */
  | 'stellar-account'
  /** BNB Beacon Chain bech32 (`bnb1…`). */
  | 'bnb-bech32'
  /** EOS account name (no checksum exists for these). */
  | 'eos-account';

/** Why an address (or its tag) is refused. Stable codes. */
export type PayoutAddressProblem =
  /** Nothing (or only spaces) was entered. */
  | 'empty'
  /** Characters no address of this kind contains (spaces inside, punctuation, markup, look-alike letters). */
  | 'bad_characters'
  /** Upper and lower case mixed where the format forbids it (bech32, CashAddr). */
  | 'mixed_case'
  /** Too short or too long for this kind of address. */
  | 'bad_length'
  /** The address's own checksum does not match: a typo. */
  | 'bad_checksum'
  /** A valid address of another network; `suggestion` names it. */
  | 'wrong_network'
  /** A valid address of a test network: coins sent there are not real. */
  | 'testnet'
  /** Recognisably this network's, in a form that cannot receive payouts (or a payment link instead of an address). */
  | 'unsupported_format'
  /** The currency is unknown, or not a crypto currency. */
  | 'unsupported_currency'
  /** A private key, seed or recovery phrase: never an address, and never to be shared. */
  | 'private_key'
  /** The currency needs a destination tag / memo and none was given. */
  | 'tag_required'
  /** The tag / memo is not one the network accepts (or the currency uses none). */
  | 'tag_invalid';

/** The kind of tag a currency uses: an XRP destination tag (a number) or a memo (text or a number). */
export type PayoutTagKind = 'destination-tag' | 'memo';

export interface PayoutAddressValid {
  valid: true;
  /** The currency code, upper-cased. */
  currency: string;
  /**
   * The address to store, trimmed and in canonical form: EIP-55 case for Ethereum, lower case for bech32, CashAddr
   * with its `bitcoincash:` prefix, the classic address for an XRP X-address.
   */
  address: string;
  /** The destination tag / memo, canonical (an XRP tag without leading zeros); absent when the currency uses none. */
  tag?: string;
  network: PayoutNetwork;
  format: PayoutAddressFormat;
  /**
   * True when the address carries a checksum and it was verified. False for an all-lower or all-upper case
   * Ethereum address (no EIP-55 checksum to check) and for EOS account names: typos there cannot be caught.
   */
  checksum: boolean;
}

export interface PayoutAddressInvalid {
  valid: false;
  problem: PayoutAddressProblem;
  /** Which input is wrong. */
  field: 'address' | 'tag';
  /** English, for developers and logs; customers get the element's own strings. */
  message: string;
  /** For `wrong_network`: the currency and network the address does belong to. */
  suggestion?: { currency: string; network: PayoutNetwork };
}

export type PayoutAddressResult = PayoutAddressValid | PayoutAddressInvalid;

/** What one network's parser makes of an address (the tag is checked separately). */
export type Parsed =
  | { ok: true; address: string; format: PayoutAddressFormat; checksum: boolean; testnet: boolean; tag?: string }
  | {
      ok: false;
      problem: Exclude<
        PayoutAddressProblem,
        'empty' | 'wrong_network' | 'testnet' | 'unsupported_currency' | 'tag_required' | 'tag_invalid'
      >;
      message: string;
      /** The input is recognisably this network's own (e.g. Litecoin's old `3…` form): do not look for another network. */
      conclusive?: boolean;
    };

export type ParseFailure = Extract<Parsed, { ok: false }>;
