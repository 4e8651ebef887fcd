/**
 * qrcode's encoder alone (its `lib/core/qrcode.js`, CommonJS): the package's main module also brings its canvas,
 * SVG-string and terminal renderers, which the element draws without. @types/qrcode types the main module only.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  export const create: typeof import('qrcode').create;
}
