import { css } from 'lit';

/**
 * The form draws no card of its own: it sits inside `<coinspaid-terminal>`'s. Same `--coinspaid-*` custom properties
 * and defaults as coinspaid-terminal.styles.ts; `color-scheme` is inherited from the card (or the page), so the
 * terminal's `theme` applies here too.
 */
export const payoutFormStyles = css`
  :host { display: block; }
  :host([hidden]) { display: none; }
  form {
    --_bg: var(--coinspaid-color-bg, light-dark(#fff, #15171c));
    --_text: var(--coinspaid-color-text, light-dark(#1a1d23, #eef0f3));
    --_muted: var(--coinspaid-color-muted, light-dark(#555c69, #aab1bd));
    --_border: var(--coinspaid-color-border, light-dark(#d5d9e0, #3a3f4a));
    --_accent: var(--coinspaid-color-accent, light-dark(#1f5fd1, #8ab6ff));
    --_on-accent: var(--coinspaid-color-accent-text, light-dark(#fff, #0b1530));
    --_success: var(--coinspaid-color-success, light-dark(#1b7432, #79d893));
    --_danger: var(--coinspaid-color-danger, light-dark(#b3261e, #ff9b92));
    --_warn-bg: var(--coinspaid-color-warning-bg, light-dark(#fff4d6, #3b2f0c));
    --_warn: var(--coinspaid-color-warning-text, light-dark(#4d3300, #ffe2a0));
    --_focus: var(--coinspaid-color-focus, light-dark(#1f5fd1, #8ab6ff));
    --_r: var(--coinspaid-radius, 12px);
    --_s: var(--coinspaid-spacing, 16px);
    display: grid;
    gap: calc(var(--_s) * 0.75);
    color: var(--_text);
    font: 1rem/1.45 var(--coinspaid-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  }
  h2 { margin: 0; font-size: 1.15rem; line-height: 1.3; }
  p { margin: 0; }
  .field { display: grid; gap: 4px; }
  label { font-weight: 600; }
  .muted { color: var(--_muted); font-size: 0.875rem; }
  input, select {
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
  /* Addresses are compared character by character: monospace, never hyphenated. */
  .mono { font-family: var(--coinspaid-font-mono, ui-monospace, Menlo, Consolas, monospace); font-size: 0.95rem; }
  input[aria-invalid='true'] { border-color: var(--_danger); border-width: 2px; }
  .error { color: var(--_danger); font-weight: 600; }
  .ok { color: var(--_success); }
  .warn { display: grid; gap: 8px; justify-items: start; padding: 10px 12px; border-left: 4px solid; border-radius: calc(var(--_r) / 1.5); background: var(--_warn-bg); color: var(--_warn); font-weight: 600; }
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
  .primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); font-weight: 600; }
  :focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
`;
