import type { PayoutNetwork, PayoutTagKind } from './types.js';

/** What a currency's payout address must be. */
export interface PayoutCurrencyRule {
  network: PayoutNetwork;
  /** The asset, shared by one token's currencies on several networks (USDTE and USDTT are both USDT). */
  asset: string;
  /** The network's own coin (what an address of that network is suggested as, when no same-asset currency is). */
  native: boolean;
  /** The tag / memo the currency uses, or null. */
  tag: { kind: PayoutTagKind; required: boolean } | null;
}

const tagged = (kind: PayoutTagKind) => ({ kind, required: true });

// Mirrors src/core/currencies.ts (requires_tag there = a required tag here), kept apart so that this lazily loaded
// part does not pull the catalogue's display table into the deposit bundle. TRX is here for suggestions: a TRON
// address offered for Ether is "TRON", whatever the shop sells.
export const RULES: Readonly<Record<string, PayoutCurrencyRule>> = {
  BTC: { network: 'bitcoin', asset: 'BTC', native: true, tag: null },
  LTC: { network: 'litecoin', asset: 'LTC', native: true, tag: null },
  BCH: { network: 'bitcoin-cash', asset: 'BCH', native: true, tag: null },
  DOGE: { network: 'dogecoin', asset: 'DOGE', native: true, tag: null },
  ETH: { network: 'ethereum', asset: 'ETH', native: true, tag: null },
  USDTE: { network: 'ethereum', asset: 'USDT', native: false, tag: null },
  TRX: { network: 'tron', asset: 'TRX', native: true, tag: null },
  USDTT: { network: 'tron', asset: 'USDT', native: false, tag: null },
  XRP: { network: 'xrp-ledger', asset: 'XRP', native: true, tag: tagged('destination-tag') },
  BNB: { network: 'bnb-beacon-chain', asset: 'BNB', native: true, tag: tagged('memo') },
  XLM: { network: 'stellar', asset: 'XLM', native: true, tag: tagged('memo') },
  EOS: { network: 'eos', asset: 'EOS', native: true, tag: tagged('memo') },
};

/** Currency codes whose payout addresses can be validated. */
export const PAYOUT_CURRENCIES: readonly string[] = Object.keys(RULES);

/** The rule of `currency` (any case), or undefined when its addresses cannot be validated (unknown, fiat). */
export function payoutCurrencyRule(currency: string): PayoutCurrencyRule | undefined {
  const code = currency.trim().toUpperCase();
  return Object.hasOwn(RULES, code) ? RULES[code] : undefined;
}
