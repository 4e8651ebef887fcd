import Big from 'big.js';
import { formatAmount } from './amounts.js';
import { SandboxError } from './errors.js';

/** The demo merchant's opening balances: enough to withdraw and exchange right away. */
const INITIAL_BALANCES: Record<string, string> = {
  BTC: '2.50000000',
  LTC: '150.00000000',
  BCH: '40.00000000',
  DOGE: '250000.00000000',
  ETH: '35.00000000',
  USDTE: '50000.000000',
  USDTT: '50000.000000',
  XRP: '40000.000000',
  EUR: '125000.00',
  USD: '80000.00',
};

/** The account's balance per currency, moved only by credit and debit. */
export class Ledger {
  readonly #balances = new Map<string, Big>();

  constructor() {
    for (const [code, amount] of Object.entries(INITIAL_BALANCES)) this.#balances.set(code, new Big(amount));
  }

  balance(code: string): Big {
    return this.#balances.get(code) ?? new Big(0);
  }

  credit(code: string, amount: Big | string): void {
    this.#balances.set(code, this.balance(code).plus(amount));
  }

  /** Takes `amount` off the balance, or refuses with a 400 on `field` when the balance is short. */
  debit(code: string, amount: Big | string, field: string): void {
    const balance = this.balance(code);
    if (balance.lt(amount))
      throw new SandboxError(400, { [field]: `Insufficient balance: ${formatAmount(balance, code)} ${code} available.` });
    this.#balances.set(code, balance.minus(amount));
  }
}
