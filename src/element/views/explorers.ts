/**
 * Public block explorers, by currency: where the receipt links a transaction id. One table, https only; a currency
 * without a public explorer we trust (BNB Beacon Chain has shut down) gets the id without a link. The id must be the
 * 64 hex digits every chain here uses, so nothing from the proxy can shape the URL beyond it.
 */
const EXPLORERS: Readonly<Record<string, string>> = {
  BTC: 'https://mempool.space/tx/',
  LTC: 'https://litecoinspace.org/tx/',
  BCH: 'https://blockchair.com/bitcoin-cash/transaction/',
  DOGE: 'https://blockchair.com/dogecoin/transaction/',
  ETH: 'https://etherscan.io/tx/0x',
  USDTE: 'https://etherscan.io/tx/0x',
  TRX: 'https://tronscan.org/#/transaction/',
  USDTT: 'https://tronscan.org/#/transaction/',
  XRP: 'https://xrpscan.com/tx/',
  XLM: 'https://stellar.expert/explorer/public/tx/',
  EOS: 'https://bloks.io/transaction/',
};

/** The explorer page of a transaction, and the explorer's name for the link text; null where there is none. */
export function explorerLink(currency: string, txid: string): { href: string; site: string } | null {
  const base = Object.hasOwn(EXPLORERS, currency) ? EXPLORERS[currency]! : null;
  const hex = /^(?:0x)?([\da-f]{64})$/i.exec(txid)?.[1];
  return base && hex ? { href: base + hex, site: new URL(base).hostname } : null;
}
