import { css } from 'lit';
import { designTokens } from './palette.styles.js';

/**
 * Custom properties (all optional; defaults below, light then dark):
 * --coinspaid-color-bg #ffffff / #15171c · --coinspaid-color-text #1a1d23 / #eef0f3 · --coinspaid-color-muted
 * #555c69 / #aab1bd · --coinspaid-color-border #d5d9e0 / #3a3f4a · --coinspaid-color-accent #1f5fd1 / #8ab6ff ·
 * --coinspaid-color-accent-text #ffffff / #0b1530 · --coinspaid-color-success #1b7432 / #79d893 ·
 * --coinspaid-color-danger #b3261e / #ff9b92 · --coinspaid-color-warning-bg #fff4d6 / #3b2f0c ·
 * --coinspaid-color-warning-text #4d3300 / #ffe2a0 · --coinspaid-color-focus #1f5fd1 / #8ab6ff ·
 * --coinspaid-radius 12px · --coinspaid-spacing 16px · --coinspaid-font system-ui stack ·
 * --coinspaid-font-mono ui-monospace stack · --coinspaid-qr-size 220px.
 */
export const styles = css`
  :host {
    display: block;
    min-width: 280px;
    max-width: 480px;
  }
  :host([hidden]) {
    display: none;
  }
  /* One palette for both schemes through light-dark(); the theme only picks the colour scheme. */
  .base {
    color-scheme: light dark;
    ${designTokens}
    display: grid;
    gap: calc(var(--_s) * 0.75);
    padding: var(--_s);
    border: 1px solid var(--_border);
    border-radius: var(--_r);
    background: var(--_bg);
    color: var(--_text);
  }
  .light {
    color-scheme: light;
  }
  .dark {
    color-scheme: dark;
  }
  h2 {
    margin: 0;
    font-size: 1.15rem;
    line-height: 1.3;
  }
  p {
    margin: 0;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .muted,
  .label {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .label {
    display: block;
    margin-bottom: 2px;
  }
  /* Addresses, tags, amounts and ids read left to right in every language, isolated from right-to-left text. */
  .mono,
  code {
    font-family: var(--coinspaid-font-mono, ui-monospace, Menlo, Consolas, monospace);
    direction: ltr;
    unicode-bidi: isolate;
  }
  /* Addresses and tags are never truncated: they wrap anywhere. */
  code {
    overflow-wrap: anywhere;
    word-break: break-all;
  }
  .row {
    display: flex;
    align-items: flex-start;
    gap: 8px;
  }
  .row > code {
    flex: 1;
    min-width: 0;
    padding: 6px 8px;
    border-radius: calc(var(--_r) / 2);
    background: color-mix(in srgb, var(--_text) 6%, var(--_bg));
    color: var(--_text);
  }
  button,
  .button {
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: 44px;
    padding: 8px 14px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_r) / 1.5);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
    text-decoration: none;
    cursor: pointer;
  }
  .primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .copy {
    flex: none;
    min-height: 36px;
    padding: 4px 10px;
    font-size: 0.875rem;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .fiat {
    font-size: 1.75rem;
    font-weight: 700;
    line-height: 1.2;
  }
  .crypto {
    font-size: 1.125rem;
    font-weight: 600;
  }
  /* Dark modules on light, in every theme: scanners expect it. */
  .qr {
    justify-self: center;
    min-height: 0;
    padding: 0;
    border: 0;
    border-radius: 4px;
    background: #fff;
  }
  .qr svg {
    display: block;
    width: var(--coinspaid-qr-size, 220px);
    max-width: 100%;
    min-width: 160px;
    shape-rendering: crispEdges;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    justify-content: center;
  }
  .warn {
    padding: 10px 12px;
    border-inline-start: 4px solid;
    border-radius: calc(var(--_r) / 1.5);
    background: var(--_warn-bg);
    color: var(--_warn);
    font-weight: 600;
  }
  .warn .label {
    color: inherit;
  }
  .warn code {
    font-size: 1.125rem;
    font-weight: 700;
  }
  /* A native progress element: its value is an attribute, so no inline style (strict CSP). */
  progress {
    appearance: none;
    display: block;
    width: 100%;
    height: 4px;
    margin-top: 4px;
    border: 0;
    background: color-mix(in srgb, var(--_text) 12%, var(--_bg));
  }
  progress::-webkit-progress-bar {
    background: transparent;
  }
  progress::-webkit-progress-value {
    background: var(--_accent);
  }
  progress::-moz-progress-bar {
    background: var(--_accent);
  }
  .status {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .confirmed {
    color: var(--_success);
    font-weight: 600;
  }
  .cancelled,
  .error {
    color: var(--_danger);
  }
  .spinner {
    flex: none;
    width: 14px;
    height: 14px;
    border: 2px solid var(--_border);
    border-top-color: var(--_accent);
    border-radius: 50%;
    animation: spin 1s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  ul {
    display: grid;
    gap: 8px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .choice {
    width: 100%;
    display: grid;
    justify-items: start;
    gap: 2px;
    text-align: start;
  }
  .name {
    font-weight: 600;
  }
  [aria-disabled='true'] {
    border-style: dashed;
    cursor: not-allowed;
  }
  dl,
  dd {
    display: grid;
    gap: 6px;
    margin: 0;
  }
  dt {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  iframe {
    width: 100%;
    min-height: 560px;
    border: 0;
  }
`;
