import jsQRModule from 'jsqr';

// jsqr is a UMD bundle typed as an ES module: Vite hands over the function itself, TypeScript (NodeNext) sees the
// module object. Accept either.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: Decode =
  typeof jsQRModule === 'function' ? (jsQRModule as unknown as Decode) : (jsQRModule as unknown as { default: Decode }).default;

const SCALE = 6;

/** Paints QR path data (as drawn by qr.ts) on a canvas and decodes it like a phone would. */
export function decodePath(d: string, size: number): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size * SCALE;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = '#000';
  ctx.fill(new Path2D(d));
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(image.data, image.width, image.height)?.data ?? null;
}

/** Rasterises an SVG element as the browser paints it (its own colours, viewBox and margins) and decodes it. */
export async function decodeSvg(svg: SVGSVGElement, pixels = 300): Promise<string | null> {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('width', String(pixels));
  clone.setAttribute('height', String(pixels));
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = pixels;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(image, 0, 0, pixels, pixels);
    const data = ctx.getImageData(0, 0, pixels, pixels);
    return jsQR(data.data, pixels, pixels)?.data ?? null;
  } finally {
    URL.revokeObjectURL(url);
  }
}
