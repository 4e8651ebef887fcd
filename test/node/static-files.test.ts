/**
 * How the element's scripts are served (src/server/static-files.ts): compressed as the client accepts, hashed chunks
 * immutable for a year, the entry revalidated (ETag, Last-Modified, 304); through the proxy's /embed/*.js and the
 * demo's /assets, over real HTTP.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createDemoPages } from '../../demo/server/pages.js';
import { acceptedEncodings, StaticFiles } from '../../src/server/static-files.js';
import { listen, type RunningServer } from '../helpers/serve.js';
import { startStack, type Stack } from '../helpers/stack.js';

/** A script of a realistic size and redundancy (compression has something to do). */
const SCRIPT = Array.from({ length: 400 }, (_, i) => `export const value${i} = 'coinspaid-terminal ${i % 17}';`).join('\n');
const CHUNK = 'payment-kit-D_Ol84PC.js';

/** A raw GET (Node's fetch decompresses by itself and hides Content-Encoding's effect on the bytes). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'static-files-'));
  await writeFile(join(dir, 'coinspaid-terminal.min.js'), SCRIPT);
  await writeFile(join(dir, CHUNK), SCRIPT.replaceAll('value', 'chunk'));
  await writeFile(join(dir, 'coinspaid-terminal-bridge.min.js'), 'export{};');
});
after(() => rm(dir, { recursive: true, force: true }));

describe('Accept-Encoding', () => {
  it('prefers brotli, then gzip, and honours q=0 and *', () => {
    assert.deepEqual(acceptedEncodings('gzip, deflate, br, zstd'), ['br', 'gzip']);
    assert.deepEqual(acceptedEncodings('gzip'), ['gzip']);
    assert.deepEqual(acceptedEncodings('br;q=0, gzip;q=0.5'), ['gzip']);
    assert.deepEqual(acceptedEncodings('gzip;q=0.4, br;q=0.9'), ['br', 'gzip']);
    assert.deepEqual(acceptedEncodings('*'), ['br', 'gzip']);
    assert.deepEqual(acceptedEncodings('*;q=0, gzip'), ['gzip']);
    assert.deepEqual(acceptedEncodings('identity'), []);
    assert.deepEqual(acceptedEncodings(''), []);
    assert.deepEqual(acceptedEncodings(null), []);
  });
});

describe('StaticFiles', () => {
  const files = new StaticFiles();
  const serve = (name: string, headers: Record<string, string> = {}, method = 'GET') =>
    files.serve(new Request(`http://x/${name}`, { method, headers }), join(dir, name), 'text/javascript; charset=utf-8');

  it('sends brotli to a client that takes it, gzip to one that takes only gzip, the bytes as they are to others', async () => {
    const br = (await serve(CHUNK, { 'accept-encoding': 'gzip, br' }))!;
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString(), SCRIPT.replaceAll('value', 'chunk'));
    const gz = (await serve(CHUNK, { 'accept-encoding': 'gzip' }))!;
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    const zipped = Buffer.from(await gz.arrayBuffer());
    assert.ok(zipped.length < SCRIPT.length / 3, `${zipped.length} bytes`);
    assert.equal(gunzipSync(zipped).toString(), SCRIPT.replaceAll('value', 'chunk'));
    const plain = (await serve(CHUNK))!;
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), SCRIPT.replaceAll('value', 'chunk'));
    for (const answer of [br, gz, plain]) assert.equal(answer.headers.get('vary'), 'Accept-Encoding');
    // Each representation has its own strong validator.
    assert.equal(new Set([br, gz, plain].map((a) => a.headers.get('etag'))).size, 3);
  });

  it('leaves a file too small to gain as it is', async () => {
    const tiny = (await serve('coinspaid-terminal-bridge.min.js', { 'accept-encoding': 'br, gzip' }))!;
    assert.equal(tiny.headers.get('content-encoding'), null);
    assert.equal(await tiny.text(), 'export{};');
  });

  it('caches content-hashed names for a year as immutable, and has the entry revalidated', async () => {
    assert.equal((await serve(CHUNK))!.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const entry = (await serve('coinspaid-terminal.min.js'))!;
    assert.equal(entry.headers.get('cache-control'), 'no-cache');
    assert.ok(entry.headers.get('etag'));
    assert.ok(entry.headers.get('last-modified'));
  });

  it('answers 304 without a body while the validator holds, by ETag (of the same encoding) or by date', async () => {
    const first = (await serve('coinspaid-terminal.min.js', { 'accept-encoding': 'br' }))!;
    const etag = first.headers.get('etag')!;
    const again = (await serve('coinspaid-terminal.min.js', { 'accept-encoding': 'br', 'if-none-match': etag }))!;
    assert.equal(again.status, 304);
    assert.equal(again.body, null);
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('cache-control'), 'no-cache');
    assert.equal(
      (await serve('coinspaid-terminal.min.js', { 'accept-encoding': 'br', 'if-none-match': `"other", W/${etag}` }))!.status,
      304,
    );
    assert.equal((await serve('coinspaid-terminal.min.js', { 'accept-encoding': 'br', 'if-none-match': '*' }))!.status, 304);
    // The gzip representation is another one: sent whole.
    assert.equal((await serve('coinspaid-terminal.min.js', { 'accept-encoding': 'gzip', 'if-none-match': etag }))!.status, 200);
    const since = first.headers.get('last-modified')!;
    assert.equal((await serve('coinspaid-terminal.min.js', { 'if-modified-since': since }))!.status, 304);
    assert.equal(
      (await serve('coinspaid-terminal.min.js', { 'if-modified-since': new Date(Date.parse(since) - 1000).toUTCString() }))!.status,
      200,
    );
  });

  it('sends the headers of a GET and no body to a HEAD', async () => {
    const head = (await serve(CHUNK, { 'accept-encoding': 'br' }, 'HEAD'))!;
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-encoding'), 'br');
    assert.equal(head.body, null);
  });

  it('reads a file again once it changed on disk (a rebuild keeps the entry’s name): a new validator, no 304', async () => {
    const path = join(dir, 'rebuilt.min.js');
    await writeFile(path, SCRIPT);
    const before = (await files.serve(new Request('http://x/'), path, 'text/javascript'))!;
    await writeFile(path, `${SCRIPT}\n// rebuilt`);
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    const after = (await files.serve(
      new Request('http://x/', { headers: { 'if-none-match': before.headers.get('etag')! } }),
      path,
      'text/javascript',
    ))!;
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get('etag'), before.headers.get('etag'));
    assert.match(await after.text(), /rebuilt$/);
  });

  it('has no answer for a file that is not there, or a directory', async () => {
    assert.equal(await serve('missing.js'), null);
    assert.equal(await files.serve(new Request('http://x/'), dir, 'text/javascript'), null);
  });
});

describe('the proxy’s /embed/*.js and the demo’s /assets, over HTTP', () => {
  let stack: Stack;
  let demo: RunningServer;
  before(async () => {
    stack = await startStack({ allowedOrigins: ['https://shop.example'], embedScripts: dir });
    demo = await listen(createDemoPages({ mintToken: async () => 'token' }).fetch);
  });
  after(async () => {
    await stack.close();
    demo.close();
  });

  it('the proxy compresses the scripts and caches them as the build names them', async () => {
    const chunk = await get(`${stack.url}/coinspaid/embed/${CHUNK}`, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers['content-encoding'], 'br');
    assert.equal(chunk.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(brotliDecompressSync(chunk.body).toString(), SCRIPT.replaceAll('value', 'chunk'));
    const entry = await get(`${stack.url}/coinspaid/embed/coinspaid-terminal.min.js`, { 'accept-encoding': 'gzip' });
    assert.equal(entry.headers['content-encoding'], 'gzip');
    assert.equal(entry.headers['cache-control'], 'no-cache');
    const again = await get(`${stack.url}/coinspaid/embed/coinspaid-terminal.min.js`, {
      'accept-encoding': 'gzip',
      'if-none-match': String(entry.headers['etag']),
    });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  it(
    'the demo serves its build the same way (the script build must exist)',
    { skip: !existsSync('dist/script/coinspaid-terminal.min.js') && 'dist/script not built' },
    async () => {
      const entry = await get(`${demo.url}/assets/coinspaid-terminal.min.js`, { 'accept-encoding': 'br, gzip' });
      assert.equal(entry.status, 200);
      assert.equal(entry.headers['content-encoding'], 'br');
      assert.equal(entry.headers['cache-control'], 'no-cache');
      const text = brotliDecompressSync(entry.body).toString();
      const chunk = /import\(["`]\.\/(payment-kit-[\w-]+\.js)["`]\)/.exec(text)?.[1];
      assert.ok(chunk, 'the entry imports the payment kit');
      const kit = await get(`${demo.url}/assets/${chunk}`, { 'accept-encoding': 'gzip' });
      assert.equal(kit.headers['content-encoding'], 'gzip');
      assert.equal(kit.headers['cache-control'], 'public, max-age=31536000, immutable');
      const revalidated = await get(`${demo.url}/assets/coinspaid-terminal.min.js`, {
        'accept-encoding': 'br, gzip',
        'if-none-match': String(entry.headers['etag']),
      });
      assert.equal(revalidated.status, 304);
    },
  );
});
