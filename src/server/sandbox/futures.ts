import Big from 'big.js';
import type { FuturesConfirmation, FuturesRates } from '../../core/api-types.js';
import type { Account } from './account.js';
import { formatAmount, formatPrice, percentOf } from './amounts.js';
import { EXCHANGE_FEE_PERCENT, exchangeFeeCurrency, findCurrency, inEur, price, windowStart } from './catalogue.js';
import { type AddressBook, type DepositRecord, publicAddress } from './deposit-addresses.js';
import { SandboxError } from './errors.js';

export const FUTURES_WINDOW_SECONDS = 100 * 60;
export const FUTURES_LIMIT_EUR = '10000';
const FUTURES_AMOUNTS = ['5', '10', '20', '50', '100', '200', '300', '500', '1000', '2000', '5000', '10000'];
/** Receiver amounts of a rate table converting to a crypto: a few euros' to a few thousand euros' worth of BTC or ETH. */
const FUTURES_CRYPTO_AMOUNTS = ['0.001', '0.005', '0.01', '0.05', '0.1', '0.5', '1'];
/** Share of a crypto→crypto futures' sender amount that is converted: the fee (in the sender's currency) comes on top. */
const AFTER_FEE = new Big(100).minus(EXCHANGE_FEE_PERCENT).div(100);

interface FuturesRecord extends FuturesConfirmation {
  used: boolean;
}

/**
 * Futures on exchange addresses (futures/rates, futures/confirm): a price guaranteed for a 100-minute window to a
 * deposit of exactly the confirmed sender_amount, up to 10,000 EUR. Deposits redeem them. Crypto→fiat the fee is in
 * the fiat and taken from the guaranteed amount; crypto→crypto (CoinsPaid's published ETH→BTC futures) it is in the
 * sender's currency, on top of what is converted, so the whole receiver_amount arrives.
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
    const amounts = findCurrency(record.convert_to)?.type === 'crypto' ? FUTURES_CRYPTO_AMOUNTS : FUTURES_AMOUNTS;
    for (const amount of amounts) {
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
    const feeCurrency = exchangeFeeCurrency(from, to);
    // The price is units of `to` per `from` either way (fiat per crypto, or crypto→crypto the receiver's per the sender's).
    const converted = new Big(receiverAmount).div(p);
    const senderAmount = formatAmount(feeCurrency === to ? converted : converted.div(AFTER_FEE), from, Big.roundUp);
    const confirmation: FuturesRecord = {
      futures_id: account.nextId('futures'),
      sender_currency: from,
      receiver_currency: to,
      fee_currency: feeCurrency,
      price: p,
      address: publicAddress(record),
      sender_amount: senderAmount,
      receiver_amount: formatAmount(receiverAmount, to),
      fee_amount: percentOf(feeCurrency === to ? receiverAmount : senderAmount, EXCHANGE_FEE_PERCENT, feeCurrency),
      ...window,
      used: false,
    };
    this.#confirmations.set(address, confirmation);
    const { used: _used, ...answer } = confirmation;
    return answer;
  }

  /**
   * Uses up the address's futures for a deposit of `amount`, if they still apply (unused, in their window, for exactly
   * their sender_amount): the guaranteed receiver amount, the fee the confirmation stated, and its futures_id.
   */
  redeem(address: string, amount: string): Pick<FuturesConfirmation, 'futures_id' | 'receiver_amount' | 'fee_amount'> | undefined {
    const futures = this.#confirmations.get(address);
    if (!futures || futures.used || this.#account.now >= futures.ts_release || !new Big(futures.sender_amount).eq(amount)) return undefined;
    futures.used = true;
    return { futures_id: futures.futures_id, receiver_amount: futures.receiver_amount, fee_amount: futures.fee_amount };
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
    // Bigger tickets (1,000 EUR's worth and more) get a slightly worse fixed price: the merchant pays for the guarantee.
    const base = new Big(price(this.#account.seed, from, to, ts_fixed));
    const spread = inEur(this.#account.seed, receiverAmount, to, ts_fixed).gte(1000) ? '0.985' : '0.99';
    return formatPrice(base.times(spread));
  }
}
