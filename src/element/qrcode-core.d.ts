// The QR encoder's core module, imported alone: the package's full entry brings canvas and string renderers this
// element does not need (≈ 5 KB gzip). Only what qr.ts uses is declared.
declare module 'qrcode/lib/core/qrcode.js' {
  export interface QRCodeSymbol {
    modules: { size: number; data: Uint8Array };
    version: number;
  }
  export function create(data: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): QRCodeSymbol;
}
