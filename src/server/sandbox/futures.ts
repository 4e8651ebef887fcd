import Big from 'big.js';
import type { FuturesConfirmation, FuturesRates } from '../../core/api-types.js';
import type { Account } from './account.js';
import { formatAmount, formatPrice, percentOf } from './amounts.js';
import { EXCHANGE_FEE_PERCENT, inEur, price, windowStart } from './catalogue.js';
import { type AddressBook, type DepositRecord, publicAddress } from './deposit-addresses.js';
import { SandboxError } from './errors.js';

export const FUTURES_WINDOW_SECONDS = 100 * 60;
export const FUTURES_LIMIT_EUR = '10000';
const FUTURES_AMOUNTS = ['5', '10', '20', '50', '100', '200', '300', '500', '1000', '2000', '5000', '10000'];

interface FuturesRecord extends FuturesConfirmation {
  used: boolean;
}

/**
 * Futures on exchange addresses (futures/rates, futures/confirm): a price guaranteed for a 100-minute window to a
 * deposit of exactly the confirmed sender_amount, up to 10,000 EUR. Deposits redeem them.
 */
export class Futures {
  readonly #account: Account;
  readonly #addresses: AddressBook;
  /** The last confirmation per address. */
  readonly #confirmations = new Map<string, FuturesRecord>();

  constructor(account: Account, addresses: AddressBook) {
    this.#account = account;
    this.#addresses = addresses;
  }

  rates(address: string): FuturesRates {
    const record = this.#exchangeAddress(address);
    const window = this.#window();
    const table: Record<string, string> = {};
    for (const amount of FUTURES_AMOUNTS) {
      table[formatPrice(amount)] = this.#price(record.currency, record.convert_to!, amount, window.ts_fixed);
    }
    return { addresses: [publicAddress(record)], ...window, rates: { [`${record.currency}${record.convert_to}`]: table } };
  }

  confirm(address: string, from: string, to: string, receiverAmount: string): FuturesConfirmation {
    const account = this.#account;
    const record = this.#addresses.find(address);
    if (!record || !record.convert_to || record.currency !== from || record.convert_to !== to) {
      throw new SandboxError(400, {
        address: 'Address is not found, incorrect or without exchange. Error can be related to incorrect sender or receiver currencies.',
      });
    }
    const window = this.#window();
    if (inEur(account.seed, receiverAmount, to, windowStart(account.now)).gt(FUTURES_LIMIT_EUR)) {
      throw new SandboxError(400, { receiver_amount: `The amount exceeds the futures limit of ${FUTURES_LIMIT_EUR} EUR.` });
    }
    const p = this.#price(from, to, receiverAmount, window.ts_fixed);
    const confirmation: FuturesRecord = {
      futures_id: account.nextId(),
      sender_currency: from,
      receiver_currency: to,
      fee_currency: to,
      price: p,
      address: publicAddress(record),
      sender_amount: formatAmount(new Big(receiverAmount).div(p), from, Big.roundUp),
      receiver_amount: formatAmount(receiverAmount, to),
      fee_amount: percentOf(receiverAmount, EXCHANGE_FEE_PERCENT, to),
      ...window,
      used: false,
    };
    this.#confirmations.set(address, confirmation);
    const { used: _used, ...answer } = confirmation;
    return answer;
  }

  /**
   * Uses up the address's futures for a deposit of `amount`, if they still apply (unused, in their window, for exactly
   * their sender_amount): the guaranteed receiver amount and the fee the confirmation stated.
   */
  redeem(address: string, amount: string): { receiver_amount: string; fee_amount: string } | undefined {
    const futures = this.#confirmations.get(address);
    if (!futures || futures.used || this.#account.now >= futures.ts_release || !new Big(futures.sender_amount).eq(amount)) return undefined;
    futures.used = true;
    return { receiver_amount: futures.receiver_amount, fee_amount: futures.fee_amount };
  }

  #exchangeAddress(address: string): DepositRecord {
    const record = this.#addresses.find(address);
    if (!record || !record.convert_to) throw new SandboxError(400, { address: 'Address is not found, incorrect or without exchange' });
    return record;
  }

  #window(): { ts_fixed: number; ts_release: number } {
    const now = this.#account.now;
    const ts_fixed = now - (now % FUTURES_WINDOW_SECONDS);
    return { ts_fixed, ts_release: ts_fixed + FUTURES_WINDOW_SECONDS };
  }

  #price(from: string, to: string, receiverAmount: string, ts_fixed: number): string {
    // Bigger tickets get a slightly worse fixed price: the merchant pays for the guarantee.
    const base = new Big(price(this.#account.seed, from, to, ts_fixed));
    const spread = new Big(receiverAmount).gte(1000) ? '0.985' : '0.99';
    return formatPrice(base.times(spread));
  }
}
