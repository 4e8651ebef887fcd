/**
 * What the address view needs and the first paint does not: decimal arithmetic (big.js), wallet URIs and the QR
 * encoder. `<coinspaid-terminal>` imports this right after its first paint, while it asks the proxy for a rate and an
 * address, so the loading and currency views cost none of it.
 */
export { compareDecimal, cryptoForFiat, toPrecision } from '../core/amount.js';
export { walletUri } from '../core/wallet-uri.js';
export { qrPath } from './qr.js';
