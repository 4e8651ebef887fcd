import { CoinsPaidTerminal } from './coinspaid-terminal.component.js';

export { CoinsPaidTerminal };

// A page may load the script twice (a bundle and a <script src>): the second definition would throw.
if (!customElements.get('coinspaid-terminal')) customElements.define('coinspaid-terminal', CoinsPaidTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'coinspaid-terminal': CoinsPaidTerminal;
  }
}
