import { css } from 'lit';
import { designTokens } from '../palette.styles.js';

/**
 * The form draws no card of its own: it sits inside `<coinspaid-terminal>`'s. Same `--coinspaid-*` custom properties
 * and defaults as coinspaid-terminal.styles.ts; `color-scheme` is inherited from the card (or the page), so the
 * terminal's `theme` applies here too.
 */
export const payoutFormStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  form {
    ${designTokens}
    display: grid;
    gap: calc(var(--_s) * 0.75);
    color: var(--_text);
  }
  h2 {
    margin: 0;
    font-size: 1.15rem;
    line-height: 1.3;
  }
  p {
    margin: 0;
  }
  .field {
    display: grid;
    gap: 4px;
  }
  label {
    font-weight: 600;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  input,
  select {
    box-sizing: border-box;
    width: 100%;
    min-height: 44px;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_r) / 1.5);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
  }
  /* Addresses are compared character by character: monospace, never hyphenated; left to right in every language. */
  .mono {
    font-family: var(--coinspaid-font-mono, ui-monospace, Menlo, Consolas, monospace);
    font-size: 0.95rem;
    direction: ltr;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 2px;
  }
  .error {
    color: var(--_danger);
    font-weight: 600;
  }
  .ok {
    color: var(--_success);
  }
  /* One line is always reserved for the verdict: it appears when the field loses focus, i.e. on the mousedown of a
     click on Save, and a button that moved down between mousedown and mouseup would never receive the click. */
  .verdict {
    min-height: 1.5em;
  }
  .check {
    display: flex;
    gap: 8px;
    align-items: flex-start;
    font-weight: 400;
  }
  .check input {
    width: auto;
    min-height: 0;
    margin: 0.2em 0 0;
  }
  .warn {
    display: grid;
    gap: 8px;
    justify-items: start;
    padding: 10px 12px;
    border-inline-start: 4px solid;
    border-radius: calc(var(--_r) / 1.5);
    background: var(--_warn-bg);
    color: var(--_warn);
    font-weight: 600;
  }
  button {
    box-sizing: border-box;
    min-height: 44px;
    padding: 8px 14px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_r) / 1.5);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
    cursor: pointer;
  }
  .primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
`;
