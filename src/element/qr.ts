import { correction, generate } from 'lean-qr/nano';

/** Modules of light margin around the symbol: ISO 18004 asks for 4, and some phone scanners need it. */
export const QUIET_ZONE = 4;

export interface QrPath {
  /** Width and height in modules, quiet zone included: the SVG viewBox is `0 0 size size`. */
  size: number;
  /** SVG path data drawing every dark module, one sub-path per horizontal run. */
  d: string;
}

/**
 * Encodes `text` as a QR code and draws it as one SVG path. Error correction is at least M (the encoder raises it
 * when the chosen size has room to spare); modes are mixed automatically, so an upper-cased `BITCOIN:BC1…` prefix
 * goes in the denser alphanumeric mode. lean-qr (≈ 3.5 KB gzip) instead of qrcode's core (≈ 7.3 KB): the element
 * has a 22 KB budget. A path in a template cannot carry markup, whatever the text.
 */
export function qrPath(text: string): QrPath {
  const code = generate(text, { minCorrectionLevel: correction.M });
  const n = code.size;
  let d = '';
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n;) {
      if (!code.get(x, y)) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && code.get(x, y)) x++;
      d += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`;
    }
  }
  return { size: n + 2 * QUIET_ZONE, d };
}
