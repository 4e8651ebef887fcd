import Big from 'big.js';
import type { Exchange } from '../../core/api-types.js';
import type { Account } from './account.js';
import { formatAmount, percentOf } from './amounts.js';
import { exchangeCallback } from './callback-payloads.js';
import { convert, EXCHANGE_FEE_PERCENT, exchangeFeeCurrency, FIX_PERIOD_SECONDS, senderFor } from './catalogue.js';
import { SandboxError } from './errors.js';

/** exchange/calculate's answer. */
export interface ExchangeQuote {
  sender_amount: string;
  sender_currency: string;
  receiver_amount: string;
  receiver_currency: string;
  fee_amount: string;
  fee_currency: string;
  price: string;
  ts_fixed: number;
  ts_release: number;
  fix_period: number;
}

/** Quotes and exchanges between the account's balances (exchange/calculate, exchange/fixed, exchange/now). */
export class Exchanges {
  readonly #account: Account;

  constructor(account: Account) {
    this.#account = account;
  }

  /**
   * The reference's arithmetic: receiver_amount is sender_amount at the price (no fee taken out of it), and
   * fee_amount is CoinsPaid's 1 % stated beside it, in the fiat currency of the pair whichever way it goes (its
   * exchange callbacks charge EUR both buying and selling BTC for EUR), crypto→crypto in the sender's currency.
   * Quoted by sender_amount when it is given (receiver_amount is then ignored), else by receiver_amount. Both are
   * answered padded, as CoinsPaid writes amounts.
   */
  calculate(from: string, to: string, senderAmount: string | undefined, receiverAmount: string | undefined): ExchangeQuote {
    const { price: p, ts_fixed } = this.#account.price(from, to);
    let sender: string;
    let receiver: string;
    if (senderAmount !== undefined) {
      sender = formatAmount(senderAmount, from);
      receiver = formatAmount(convert(sender, from, to, p), to);
    } else {
      receiver = formatAmount(receiverAmount!, to);
      sender = formatAmount(senderFor(receiver, from, to, p), from, Big.roundUp);
    }
    const feeCurrency = exchangeFeeCurrency(from, to);
    return {
      sender_amount: sender,
      sender_currency: from,
      receiver_amount: receiver,
      receiver_currency: to,
      fee_amount: percentOf(feeCurrency === from ? sender : receiver, EXCHANGE_FEE_PERCENT, feeCurrency),
      fee_currency: feeCurrency,
      price: p,
      ts_fixed,
      ts_release: ts_fixed + FIX_PERIOD_SECONDS,
      fix_period: FIX_PERIOD_SECONDS,
    };
  }

  /** Exchanges at the current price (or refuses a `fixedPrice` no longer current); confirmed by callback after the delay. */
  exchange(foreignId: string, from: string, to: string, senderAmount: string, fixedPrice: string | null): Exchange {
    const account = this.#account;
    const calc = this.calculate(from, to, senderAmount, undefined);
    if (fixedPrice !== null && !new Big(fixedPrice).eq(calc.price)) {
      throw new SandboxError(400, { price: 'The price has changed. Request a new calculation.' });
    }
    account.assertForeignIdFree('exchange', foreignId);
    account.ledger.debit(from, calc.sender_amount, 'sender_amount');
    account.claimForeignId('exchange', foreignId);
    account.ledger.credit(to, calc.receiver_amount);
    const exchange: Exchange = {
      id: account.nextId(),
      foreign_id: foreignId,
      type: 'exchange',
      sender_amount: calc.sender_amount,
      sender_currency: from,
      receiver_amount: calc.receiver_amount,
      receiver_currency: to,
      fee_amount: calc.fee_amount,
      fee_currency: calc.fee_currency,
      price: calc.price,
      status: 'processing',
    };
    const txId = account.nextId('transaction');
    account.later(account.confirmationDelayMs, () => account.callbacks.send(exchangeCallback(exchange, txId)));
    return exchange;
  }
}
