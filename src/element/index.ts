/**
 * `coinspaid-terminal`: importing this module defines `<coinspaid-terminal>`.
 */
export { CoinsPaidTerminal } from './coinspaid-terminal.js';
export type { TerminalDisplay, TerminalMode, TerminalTheme } from './coinspaid-terminal.component.js';
export * from './events.js';
export { TerminalError, type TerminalErrorCode } from './errors.js';
export { CountdownController, formatClock, type CountdownOptions } from './controllers/countdown-controller.js';
export { countdownMark } from './views/time-left.js';
export { PaymentStatusController, type PaymentStatusOptions, type StatusTransport } from './controllers/payment-status-controller.js';
export { ProxyClient } from './proxy-client.js';
export { walletUri, type WalletUri, type WalletUriInput } from '../core/wallet-uri.js';
export type {
  AddressGrant,
  FollowHandle,
  Money,
  OrderSettlement,
  PaymentEvent,
  PaymentStatus,
  RateQuote,
  SettlementPayment,
  SettlementStatus,
  WidgetConfig,
  WidgetCurrency,
} from '../core/wire.js';
