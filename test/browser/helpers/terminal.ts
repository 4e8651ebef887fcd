/** Mounting `<coinspaid-terminal>` against the test stack, and reading its shadow DOM: shared by the element's suites. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { CoinsPaidTerminal } from '../../../src/element/coinspaid-terminal.js';
import '../../../src/element/coinspaid-terminal.js';
import type { TerminalStatus } from '../../../src/element/events.js';
import { decodeSvg } from './decode-qr.js';
import { mintToken, proxyUrl, type TokenClaims } from './stack.js';

/** Token claims, with the invoice a token may carry for `mode="invoice"`. */
export type Claims = TokenClaims & { invoice?: Record<string, unknown> };

export interface MountOptions {
  /** Width of the container, in CSS pixels. */
  width?: number;
  /** The token's lifetime in seconds (negative: already expired). */
  expiresIn?: number;
}

/** Mounts an element with these attributes and a token for these claims (or the given token). */
export async function mount(
  attributes: Record<string, string>,
  claims: Claims | string = {},
  { width = 320, expiresIn }: MountOptions = {},
): Promise<CoinsPaidTerminal> {
  const container = await fixture<HTMLDivElement>(html`<div style="width: ${width}px"></div>`);
  const el = document.createElement('coinspaid-terminal');
  el.setAttribute('proxy', proxyUrl);
  el.setAttribute('token', typeof claims === 'string' ? claims : await mintToken(claims as TokenClaims, expiresIn));
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  container.appendChild(el);
  return el;
}

/** Waits for `status` (up to 10 s: confirmations come over real HTTP from the stack, slower on a busy machine), then for the render that shows it. */
export async function until(el: CoinsPaidTerminal, status: TerminalStatus, timeout = 10_000): Promise<void> {
  await waitUntil(() => el.status === status, `status stayed ${el.status}, wanted ${status}`, { timeout });
  await el.updateComplete;
}

export const $ = <T extends Element = HTMLElement>(el: CoinsPaidTerminal, selector: string) => el.shadowRoot!.querySelector<T>(selector);

/** The shadow root's text, whitespace collapsed. */
export const text = (el: CoinsPaidTerminal) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

/** The deposit address shown. */
export const shownAddress = (el: CoinsPaidTerminal) => $(el, '[part="address"]')!.textContent!;

/** What the QR code on screen decodes to. */
export const qrContent = (el: CoinsPaidTerminal): Promise<string | null> => decodeSvg($<SVGSVGElement>(el, '[part="qr"] svg')!);

/** The receipt's rows, label → value (whitespace collapsed), in the order shown. */
export function receiptRows(el: CoinsPaidTerminal): Record<string, string> {
  const clean = (node: Element | null) => node!.textContent!.replace(/\s+/g, ' ').trim();
  return Object.fromEntries(
    [...el.shadowRoot!.querySelectorAll('dl > div')].map((row) => [clean(row.querySelector('dt')), clean(row.querySelector('dd'))]),
  );
}
