/**
 * `coinspaid-terminal/react`: `<CoinsPaidTerminal>`, the element as a React component (made with `@lit/react`), so
 * properties are set as properties (not stringified attributes) and every `coinspaid-*` event has a typed `on…` prop.
 *
 * ```tsx
 * import { CoinsPaidTerminal } from 'coinspaid-terminal/react';
 *
 * <CoinsPaidTerminal proxy="/coinspaid" token={token} amount="106.75" amountCurrency="EUR"
 *   onCoinspaidPaid={(event) => showThanks(event.detail.payment)} />
 * ```
 *
 * Importing this module defines `<coinspaid-terminal>` in the browser. On a server (Node, no DOM) it imports without
 * touching browser APIs and renders the bare tag; the element starts when the page hydrates.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { CoinsPaidTerminal as CoinsPaidTerminalElement } from '../element/coinspaid-terminal.js';
import { defineOnce } from '../element/define.js';
import { EVENT_NAMES, type TerminalEventMap, type TerminalEventName } from '../element/events.js';

export { CoinsPaidTerminalElement };
export type * from '../element/events.js';
export type { PayoutAddressDetail, PayoutAddressEvent } from '../element/payout-address-form/payout-address-form.component.js';
export type { TerminalDisplay, TerminalMode, TerminalTheme } from '../element/coinspaid-terminal.component.js';
export type { OrderSettlement, PaymentEvent, PaymentStatus, RateQuote, SettlementStatus } from '../core/wire.js';

// Defined here by reference as well: the wrapper uses the class, so a bundler that honours `sideEffects` may skip
// the registration module and keep only the class it re-exports (Vite did, with the package's sources aliased).
defineOnce('coinspaid-terminal', CoinsPaidTerminalElement);

/** `coinspaid-address-ready` → `CoinspaidAddressReady`. */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<S>;

/** Every `coinspaid-*` event of the element (events.ts), by the React prop that listens to it: `onCoinspaidPaid`, … */
const events = Object.fromEntries(
  EVENT_NAMES.map((name) => [`on${name.replace(/(?:^|-)(\w)/g, (_, c: string) => c.toUpperCase())}`, name]),
) as {
  [N in TerminalEventName as `on${Pascal<N>}`]: EventName<TerminalEventMap[N]>;
};

/**
 * The element's public properties (README "Attributes and properties"), all optional. `status` is read-only: read it
 * from `onCoinspaidStatusChanged` or style `coinspaid-terminal[status="…"]`. `lang`, `className`, `style`, `id` and
 * the other HTML attributes come from React's own props.
 */
export type CoinsPaidTerminalElementProps = Partial<
  Pick<
    CoinsPaidTerminalElement,
    | 'proxy'
    | 'token'
    | 'mode'
    | 'currency'
    | 'currencies'
    | 'convertTo'
    | 'amount'
    | 'amountCurrency'
    | 'urlBack'
    | 'terminalDisplay'
    | 'theme'
    | 'redirect'
  >
>;

/** `onCoinspaidPaid={(event) => …}` and friends, each with its typed event (`event.detail`). */
export type CoinsPaidTerminalEventProps = {
  [K in keyof typeof events]?: (event: (typeof events)[K]['__eventType']) => void;
};

export type CoinsPaidTerminalProps = CoinsPaidTerminalElementProps &
  CoinsPaidTerminalEventProps &
  Omit<React.HTMLAttributes<CoinsPaidTerminalElement>, keyof CoinsPaidTerminalElementProps | keyof CoinsPaidTerminalEventProps> &
  React.RefAttributes<CoinsPaidTerminalElement>;

/** `<coinspaid-terminal>` for React; a `ref` gets the element itself. */
export const CoinsPaidTerminal: React.ForwardRefExoticComponent<CoinsPaidTerminalProps> = /* @__PURE__ */ createComponent({
  react: React,
  tagName: 'coinspaid-terminal',
  elementClass: CoinsPaidTerminalElement,
  events,
  displayName: 'CoinsPaidTerminal',
});
