import { CoinsPaidTerminal } from './coinspaid-terminal.component.js';

export { CoinsPaidTerminal };

// A page may load the script twice (a bundle and a <script src>): the second definition would throw. Server rendering
// imports this module where there may be no registry at all: the element is defined when the page loads in a browser.
if (typeof customElements !== 'undefined' && !customElements.get('coinspaid-terminal'))
  customElements.define('coinspaid-terminal', CoinsPaidTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'coinspaid-terminal': CoinsPaidTerminal;
  }
}
