import { create } from 'qrcode/lib/core/qrcode.js';

/** Modules of light margin around the symbol: ISO 18004 asks for 4, and some phone scanners need it. */
export const QUIET_ZONE = 4;

export interface QrPath {
  /** Width and height in modules, quiet zone included: the SVG viewBox is `0 0 size size`. */
  size: number;
  /** SVG path data drawing every dark module, one sub-path per horizontal run. */
  d: string;
}

/**
 * Encodes `text` as a QR code (qrcode's encoder, error correction M, as the sandbox's terminal page draws it) and
 * draws it as one SVG path. The encoder splits the text into its densest mix of modes, so an upper-cased
 * `BITCOIN:BC1…` prefix (src/core/wallet-uri.ts) goes in alphanumeric mode and the symbol stays a size smaller. A
 * path in a template cannot carry markup, whatever the text.
 */
export function qrPath(text: string): QrPath {
  const { size: n, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
  let d = '';
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n;) {
      if (!data[y * n + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && data[y * n + x]) x++;
      d += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`;
    }
  }
  return { size: n + 2 * QUIET_ZONE, d };
}
