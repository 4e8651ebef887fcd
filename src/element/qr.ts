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
 * Encodes `text` as a QR code (error correction M, mixed modes chosen by the encoder) and draws it as one SVG path.
 * A path in a template is far smaller than a renderer library, and as text it cannot carry markup.
 */
export function qrPath(text: string): QrPath {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let d = '';
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!modules.data[y * n + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && modules.data[y * n + x]) x++;
      d += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`;
    }
  }
  return { size: n + 2 * QUIET_ZONE, d };
}
