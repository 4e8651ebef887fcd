import { css } from 'lit';

/**
 * The design tokens: every `--coinspaid-*` custom property resolved into a private `--_*` variable with its default,
 * light and dark through light-dark() (the colour scheme picks). One place for the defaults the README documents;
 * the terminal's card and the payout form both start from it.
 */
export const designTokens = css`
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
  font: 1rem/1.45 var(--coinspaid-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
`;
