import type Big from 'big.js';
import type { CryptoAddress } from '../../core/api-types.js';
import type { Account } from './account.js';
import { generateAddress } from './addresses.js';
import { findCurrency } from './catalogue.js';

/** A deposit address as the sandbox keeps it. */
export interface DepositRecord extends CryptoAddress {
  counter: number;
  /** What the customer owes on this address, set by deposits that name an expected_amount (two-part payments). */
  expectation?: { expected: string; paid: Big };
}

/**
 * The account's deposit addresses (addresses/take): one per (foreign_id, currency, convert_to), reused as CoinsPaid
 * does, in each currency's real format, with a destination tag where the currency needs one.
 */
export class AddressBook {
  readonly #account: Account;
  #counter = 0;
  readonly #byKey = new Map<string, DepositRecord>();
  readonly #byValue = new Map<string, DepositRecord>();
  /** A literal address the next addresses/take returns (tests feed hostile strings through it). */
  override: { address: string; tag: string | null } | null = null;

  constructor(account: Account) {
    this.#account = account;
  }

  take(foreignId: string, currency: string, convertTo: string | null): CryptoAddress {
    const key = `${foreignId}\u0000${currency}\u0000${convertTo ?? ''}`;
    const existing = this.#byKey.get(key);
    if (existing && !this.override) return publicAddress(existing);
    const counter = ++this.#counter;
    const override = this.override;
    this.override = null;
    const tag = override ? override.tag : findCurrency(currency)?.requires_tag ? String(100000 + counter) : null;
    const record: DepositRecord = {
      id: this.#account.nextId('address'),
      currency,
      convert_to: convertTo,
      address: override?.address ?? generateAddress(currency, this.#account.seed, counter),
      tag,
      foreign_id: foreignId,
      counter,
    };
    this.#byKey.set(key, record);
    this.#byValue.set(record.address, record);
    return publicAddress(record);
  }

  /** The record of an address this sandbox issued, by its value. */
  find(address: string): DepositRecord | undefined {
    return this.#byValue.get(address);
  }
}

/** An address as the API answers it (the record without the sandbox's bookkeeping). */
export function publicAddress(record: DepositRecord): CryptoAddress {
  return {
    id: record.id,
    currency: record.currency,
    convert_to: record.convert_to,
    address: record.address,
    tag: record.tag,
    foreign_id: record.foreign_id,
  };
}
