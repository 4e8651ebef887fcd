import { CoinsPaidTerminal } from './coinspaid-terminal.component.js';
import { defineOnce } from './define.js';

export { CoinsPaidTerminal };

defineOnce('coinspaid-terminal', CoinsPaidTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'coinspaid-terminal': CoinsPaidTerminal;
  }
}
