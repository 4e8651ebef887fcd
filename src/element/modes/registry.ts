import type { TerminalMode } from '../coinspaid-terminal.component.js';
import type { TerminalStatus } from '../events.js';
import { addressMode } from './address.js';
import type { CreateModeView, SettledStatus } from './mode.js';

/**
 * Every mode's view. Address is in the first paint; the others load on first use (src/element/modes/), so the address
 * checkout's bundle does not carry them (the terminal link, which CoinsPaid no longer documents, included).
 */
export const MODES: Record<TerminalMode, () => CreateModeView | Promise<CreateModeView>> = {
  address: () => addressMode,
  terminal: () => import('./terminal.js').then((m) => m.terminalMode),
  invoice: () => import('./invoice.js').then((m) => m.invoiceMode),
  futures: () => import('./futures.js').then((m) => m.futuresMode),
  'payout-address': () => import('./payout-address.js').then((m) => m.payoutAddressMode),
};

/** The statuses of the settled screens (views/settled.ts), drawn from the proxy's settlement in every mode. */
export const SETTLED: ReadonlySet<TerminalStatus> = new Set<SettledStatus>([
  'not_confirmed',
  'confirmed',
  'underpaid',
  'cancelled',
  'expired',
]);
