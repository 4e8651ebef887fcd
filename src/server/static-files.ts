import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/**
 * Files served as the element's script build wants them served: compressed for the client (brotli, else gzip, as
 * its Accept-Encoding allows; each made once and kept in memory), content-hashed names (`payment-kit-D_Ol84PC.js`)
 * cached for a year as immutable, other names (the entry a page links to) revalidated on every use with an ETag and
 * Last-Modified and answered 304 while unchanged. The proxy's /embed/*.js and the demo's /assets, /demo and /spa
 * assets use it; the README tells merchants who host dist/script themselves to serve it the same way.
 */

export type Encoding = 'br' | 'gzip';

interface Loaded {
  size: number;
  mtimeMs: number;
  body: Uint8Array<ArrayBuffer>;
  /** Strong validator of the bytes; each encoding's has its own suffix (a strong ETag names one representation). */
  tag: string;
  modified: string;
  encoded: Partial<Record<Encoding, Promise<Uint8Array<ArrayBuffer> | null>>>;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Content-hashed names as Vite writes them: `<name>-<8 characters>.js` (and its map). */
export const HASHED_NAME = /-[\w-]{8}\.(?:js|css)(?:\.map)?$/;

/** Smaller than this, compression saves less than its headers cost. */
const MIN_COMPRESS = 1024;

/** What the client accepts, best first: `br`, `gzip`, or neither (`q=0` refuses one). */
export function acceptedEncodings(header: string | null | undefined): Encoding[] {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) q.set(name, weight === undefined ? 1 : Number(weight));
  }
  const weight = (name: Encoding) => q.get(name) ?? (q.has('*') ? q.get('*')! : 0);
  return (['br', 'gzip'] as const).filter((name) => weight(name) > 0).sort((a, b) => weight(b) - weight(a));
}

/** Whether any of the entity tags of an If-None-Match header is `etag` (or `*`), compared weakly as RFC 9110 says. */
function noneMatch(header: string, etag: string): boolean {
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

export interface StaticFilesOptions {
  /** Cache-Control of content-hashed names; default a year, immutable. */
  hashed?: string;
  /** Cache-Control of every other name; default `no-cache` (use the cached copy only after revalidating it). */
  other?: string;
}

export class StaticFiles {
  private readonly files = new Map<string, Loaded>();
  private readonly hashed: string;
  private readonly other: string;

  constructor(options: StaticFilesOptions = {}) {
    this.hashed = options.hashed ?? 'public, max-age=31536000, immutable';
    this.other = options.other ?? 'no-cache';
  }

  /**
   * The answer to `request` with the file at `path` (`type` its Content-Type), or null when there is no such file.
   * The file is read again when it changed on disk (a rebuild of an entry keeps its name).
   */
  async serve(request: Request, path: string, type: string): Promise<Response | null> {
    const file = await this.load(path);
    if (!file) return null;
    const name = path.split('/').pop()!;
    const encoding = file.body.length >= MIN_COMPRESS ? await this.pick(file, request.headers.get('accept-encoding')) : null;
    const etag = `"${file.tag}${encoding ? `-${encoding}` : ''}"`;
    const headers = new Headers({
      'Content-Type': type,
      'Cache-Control': HASHED_NAME.test(name) ? this.hashed : this.other,
      ETag: etag,
      'Last-Modified': file.modified,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    });
    const inm = request.headers.get('if-none-match');
    const ims = request.headers.get('if-modified-since');
    const unchanged = inm !== null ? noneMatch(inm, etag) : ims !== null && Date.parse(ims) >= Date.parse(file.modified);
    if (unchanged) return new Response(null, { status: 304, headers });
    const body = encoding ? (await file.encoded[encoding])! : file.body;
    if (encoding) headers.set('Content-Encoding', encoding);
    headers.set('Content-Length', String(body.length));
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  }

  private async load(path: string): Promise<Loaded | null> {
    let info;
    try {
      info = await stat(path);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const known = this.files.get(path);
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) return known;
    const body = new Uint8Array(await readFile(path));
    const file: Loaded = {
      size: info.size,
      mtimeMs: info.mtimeMs,
      body,
      tag: createHash('sha256').update(body).digest('base64url').slice(0, 27),
      // HTTP dates have whole seconds: a file changed within the same second still gets a new ETag.
      modified: new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString(),
      encoded: {},
    };
    this.files.set(path, file);
    return file;
  }

  /** The best encoding the client accepts that makes the file smaller (compressed once, off the event loop). */
  private async pick(file: Loaded, accept: string | null): Promise<Encoding | null> {
    for (const encoding of acceptedEncodings(accept)) {
      const made = (file.encoded[encoding] ??= (
        encoding === 'br'
          ? brotli(file.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: file.body.length } })
          : gzipAsync(file.body, { level: 9 })
      ).then(
        (out) => (out.length < file.body.length ? new Uint8Array(out) : null),
        () => null,
      ));
      if (await made) return encoding;
    }
    return null;
  }
}
