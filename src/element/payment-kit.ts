/**
 * What the address view needs and the first paint does not: the address validators (address-check.ts), wallet URIs
 * and the QR encoder (qrcode's core). One chunk, loaded as a mode that shows an address starts (with a preset
 * currency: as the element connects), in parallel with the requests for the configuration, a rate and the address.
 * The terminal and payout-address modes never load it.
 */
export { checkAddress, prepareCheck } from './address-check.js';
export { walletUri } from '../core/wallet-uri.js';
export { qrPath } from './qr.js';
