import Big from 'big.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Currency } from '../../core/api-types.js';
import { currencyFacts } from '../../core/currencies.js';

/**
 * The sandbox's currencies and how their prices move. Figures are plausible, not live: a merchant sees realistic
 * precisions, minimums and fees, and rates that change every fix period but identically for the same seed. What a
 * currency is (type, precision, network, tag) comes from src/core/currencies.ts; only what an emulator invents is here.
 */

export interface SandboxCurrency extends Currency {
  /** Price of one unit in EUR at the sandbox's reference point. */
  eurPrice: string;
  /** Minimum for a deposit converted on the fly (pairs' min_amount_deposit_with_exchange). */
  minDepositWithExchange: string;
}

function currency(
  id: number,
  code: string,
  minimum: string,
  depositFee: string,
  withdrawalFee: string,
  eurPrice: string,
  minDepositWithExchange: string,
): SandboxCurrency {
  const facts = currencyFacts(code);
  if (!facts) throw new TypeError(`sandbox catalogue: ${code} is not in src/core/currencies.ts`);
  return {
    id,
    type: facts.type,
    currency: code,
    minimum_amount: minimum,
    deposit_fee_percent: depositFee,
    withdrawal_fee_percent: withdrawalFee,
    precision: facts.precision,
    is_visible: true,
    eurPrice,
    minDepositWithExchange,
    // As CoinsPaid's newer payloads do: the chain where there is one, the tag only where one is required.
    ...(facts.network ? { network: facts.network } : {}),
    ...(facts.requires_tag ? { requires_tag: true } : {}),
  };
}

export const SANDBOX_CURRENCIES: readonly SandboxCurrency[] = [
  currency(1, 'BTC', '0.00010000', '0.99', '0', '85000', '0.00010000'),
  currency(2, 'LTC', '0.01000000', '0.99', '0', '72', '0.05000000'),
  currency(3, 'BCH', '0.00100000', '0.99', '0', '310', '0.01000000'),
  currency(4, 'DOGE', '10.00000000', '0.99', '0', '0.16', '50.00000000'),
  currency(5, 'ETH', '0.00500000', '0.99', '0', '2800', '0.00500000'),
  currency(6, 'USDTE', '10.000000', '0.99', '0', '0.92', '10.000000'),
  currency(7, 'USDTT', '1.000000', '0.99', '0', '0.92', '5.000000'),
  currency(8, 'XRP', '1.000000', '0.99', '0', '0.55', '10.000000'),
  // Fiat figures at CoinsPaid's scale of 8 decimals, as its pairs list them ("min_amount": "25.00000000").
  currency(101, 'EUR', '10.00000000', '0', '0', '1', '0'),
  currency(102, 'USD', '10.00000000', '0', '0', '0.92', '0'),
];

const BY_CODE = new Map(SANDBOX_CURRENCIES.map((c) => [c.currency, c]));

export function findCurrency(code: unknown): SandboxCurrency | undefined {
  return typeof code === 'string' ? BY_CODE.get(code) : undefined;
}

/**
 * Pairs CoinsPaid would exchange: every crypto to every fiat and back, and every crypto to every other crypto (its
 * published ETH→BTC deposit_exchange). Never one fiat to another.
 */
export function isExchangeable(from: string, to: string): boolean {
  const a = BY_CODE.get(from);
  const b = BY_CODE.get(to);
  return !!a && !!b && from !== to && (a.type === 'crypto' || b.type === 'crypto');
}

export const FIX_PERIOD_SECONDS = 60;

/** Start of the fix period containing `unixSeconds`: every caller in the same minute sees the same price. */
export function windowStart(unixSeconds: number): number {
  return unixSeconds - (unixSeconds % FIX_PERIOD_SECONDS);
}

/** A deterministic wobble in [-2 %, +2 %] for a currency, seed and fix period. */
function wobble(seed: number, code: string, window: number): Big {
  const bytes = sha256(utf8ToBytes(`${seed}:${code}:${window}`));
  const n = ((bytes[0]! << 8) | bytes[1]!) / 65535; // 0..1, only to pick a wobble, never money
  return new Big(Math.round(n * 4000 - 2000)).div(100000);
}

/** EUR value of one unit of `code` in the given fix period. */
function eurValue(seed: number, code: string, window: number): Big {
  const c = BY_CODE.get(code)!;
  if (code === 'EUR') return new Big(1);
  return new Big(c.eurPrice).times(new Big(1).plus(wobble(seed, code, window)));
}

/** What buying crypto with fiat costs over selling it: the reference quotes BTC→EUR 8795.80 and EUR→BTC 8885.73. */
export const BUY_SPREAD = '1.01';

function isFiat(code: string): boolean {
  return BY_CODE.get(code)?.type === 'fiat';
}

/** True when `from` → `to` buys crypto with fiat: the price is then divided into the sender amount, not multiplied. */
export function buysCrypto(from: string, to: string): boolean {
  return isFiat(from) && !isFiat(to);
}

/**
 * The price of a pair as CoinsPaid quotes it: fiat per one unit of the crypto, whichever way a crypto↔fiat pair goes
 * (rate_from "1", rate_to "8795.80" for BTC→EUR and "8885.73" for EUR→BTC); for crypto→crypto, units of `to` per one
 * `from` (BTC→ETH about 30, ETH→BTC about 0.033). At 8 decimals, for the fix period starting at `window`.
 */
export function price(seed: number, from: string, to: string, window: number): string {
  if (buysCrypto(from, to)) {
    return eurValue(seed, to, window)
      .div(eurValue(seed, from, window))
      .times(BUY_SPREAD)
      .round(8, Big.roundDown)
      .toFixed(8);
  }
  return eurValue(seed, from, window)
    .div(eurValue(seed, to, window))
    .round(8, Big.roundDown)
    .toFixed(8);
}

/** Units of `to` that `amount` of `from` buys at a quoted `price` (fiat per crypto). */
export function convert(amount: Big | string, from: string, to: string, quoted: string): Big {
  return buysCrypto(from, to) ? new Big(amount).div(quoted) : new Big(amount).times(quoted);
}

/** Units of `from` needed to get `amount` of `to` at a quoted `price` (fiat per crypto); the inverse of convert. */
export function senderFor(amount: Big | string, from: string, to: string, quoted: string): Big {
  return buysCrypto(from, to) ? new Big(amount).times(quoted) : new Big(amount).div(quoted);
}

/** CoinsPaid charges a spread on exchanges; the sandbox takes 1 %. */
export const EXCHANGE_FEE_PERCENT = '1';

/**
 * The currency an exchange fee is charged in: the fiat side of a crypto↔fiat pair (CoinsPaid's exchange callbacks
 * charge EUR both buying and selling BTC for EUR), the sender's currency crypto→crypto (its ETH→BTC deposit_exchange
 * charges the exchange fee in ETH).
 */
export function exchangeFeeCurrency(from: string, to: string): string {
  if (isFiat(from)) return from;
  if (isFiat(to)) return to;
  return from;
}

/** EUR equivalent of an amount, for limits such as futures' 10,000 EUR. */
export function inEur(seed: number, amount: string, code: string, window: number): Big {
  return new Big(amount).times(eurValue(seed, code, window));
}
