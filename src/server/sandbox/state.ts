import { Account, type AccountOptions } from './account.js';
import { AddressBook } from './deposit-addresses.js';
import { Deposits } from './deposits.js';
import { Exchanges } from './exchange.js';
import { Futures } from './futures.js';
import { Invoices } from './invoices.js';
import { Withdrawals } from './withdrawals.js';

export type SandboxStateOptions = AccountOptions;

/**
 * The sandbox's merchant account, one part per CoinsPaid domain over a shared core (clock, ids, ledger, callbacks).
 * Routes validate input; these apply it. A reset replaces the whole state.
 */
export class SandboxState {
  readonly account: Account;
  readonly addresses: AddressBook;
  readonly futures: Futures;
  readonly deposits: Deposits;
  readonly exchanges: Exchanges;
  readonly withdrawals: Withdrawals;
  readonly invoices: Invoices;

  constructor(options: SandboxStateOptions) {
    this.account = new Account(options);
    this.addresses = new AddressBook(this.account);
    this.futures = new Futures(this.account, this.addresses);
    this.deposits = new Deposits(this.account, this.addresses, this.futures);
    this.exchanges = new Exchanges(this.account);
    this.withdrawals = new Withdrawals(this.account, this.exchanges);
    this.invoices = new Invoices(this.account, this.addresses);
  }

  /** Stops every timer the account set (confirmations, invoice timers, late payments). */
  dispose(): void {
    this.account.dispose();
  }
}
