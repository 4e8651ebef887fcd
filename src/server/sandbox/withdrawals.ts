import type { Withdrawal } from '../../core/api-types.js';
import { fakeTxid, type Account } from './account.js';
import { formatAmount } from './amounts.js';
import { withdrawalCallback } from './callback-payloads.js';
import { SandboxError } from './errors.js';
import type { Exchanges } from './exchange.js';

/** A withdrawal as the sandbox keeps it: the answer plus where it goes. */
export interface WithdrawalRecord extends Withdrawal {
  address: string;
  tag: string | null;
  /** The destination's crypto_address id in the callback (CoinsPaid numbers addresses on their own). */
  address_id: number;
}

/**
 * Withdrawals (withdrawal/crypto): debited at once, optionally exchanged first (withdrawal_exchange), then settled by
 * the control API as CoinsPaid's back office would, with one callback; a cancelled one is refunded.
 */
export class Withdrawals {
  readonly #account: Account;
  readonly #exchanges: Exchanges;
  readonly #records = new Map<number, WithdrawalRecord>();

  constructor(account: Account, exchanges: Exchanges) {
    this.#account = account;
    this.#exchanges = exchanges;
  }

  withdraw(
    foreignId: string,
    currency: string,
    requested: string,
    convertTo: string | null,
    address: string,
    tag: string | null,
  ): Withdrawal {
    const account = this.#account;
    // Echoed as CoinsPaid writes it: "0.01" is answered "0.01000000".
    const amount = formatAmount(requested, currency);
    const receiverCurrency = convertTo ?? currency;
    const receiverAmount = convertTo ? this.#exchanges.calculate(currency, convertTo, amount, undefined).receiver_amount : amount;
    account.assertForeignIdFree('withdrawal', foreignId);
    account.ledger.debit(currency, amount, 'amount');
    account.claimForeignId('withdrawal', foreignId);
    const withdrawal: WithdrawalRecord = {
      id: account.nextId(),
      foreign_id: foreignId,
      type: convertTo ? 'withdrawal_exchange' : 'withdrawal',
      status: 'processing',
      amount,
      sender_amount: amount,
      sender_currency: currency,
      receiver_amount: receiverAmount,
      receiver_currency: receiverCurrency,
      address,
      tag,
      address_id: account.nextId('address'),
    };
    this.#records.set(withdrawal.id, withdrawal);
    const { address: _a, tag: _t, address_id: _i, ...answer } = withdrawal;
    return answer;
  }

  settle(id: number, outcome: 'confirmed' | 'cancelled'): void {
    const account = this.#account;
    const w = this.#records.get(id);
    if (!w) throw new SandboxError(404, { id: 'Withdrawal not found.' });
    if (w.status !== 'processing') throw new SandboxError(400, { id: `Withdrawal is already ${w.status}.` });
    w.status = outcome;
    if (outcome === 'cancelled') account.ledger.credit(w.sender_currency, w.sender_amount);
    // The blockchain leg takes its id before the exchange leg, although listed after it.
    const blockchain = account.nextId('transaction');
    const exchange = w.type === 'withdrawal_exchange' ? account.nextId('transaction') : 0;
    account.callbacks.send(withdrawalCallback(w, outcome, { blockchain, exchange }, fakeTxid(w.id)));
  }
}
