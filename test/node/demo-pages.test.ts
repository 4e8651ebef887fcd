import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDemoPages, DEMO_CSP } from '../../demo/server/pages.js';
import { listen, type RunningServer } from '../helpers/serve.js';
import { assertBuilt } from '../helpers/built.js';

describe('demo pages', () => {
  let server: RunningServer;
  const minted: Array<{ page: string | undefined; origin: string | undefined }> = [];
  before(async () => {
    server = await listen(
      createDemoPages({
        mintToken: async (order, page, origin) => {
          minted.push({ page, origin });
          return `token-for-${order}"<x>`;
        },
      }).fetch,
    );
  });
  after(() => server.close());

  it('serves the checkout with the token escaped into the page, under the strict CSP, never cached', async () => {
    const response = await fetch(`${server.url}/`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), DEMO_CSP);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    assert.match(html, /token="token-for-\d{4}&quot;&lt;x&gt;"/);
    assert.doesNotMatch(html, /<x>/);
  });

  it('serves the iframe demo: the token in a data attribute, the helper script, a CSP that frames only this origin', async () => {
    const response = await fetch(`${server.url}/iframe`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-src 'self' https:\/\/terminal\.coinspaid\.com;/);
    assert.equal(csp.replace("frame-src 'self' ", 'frame-src '), DEMO_CSP);
    const html = await response.text();
    assert.match(html, /data-token="token-for-\d{4}&quot;&lt;x&gt;"/);
    assert.match(html, /<script type="module" src="\/demo\/iframe\.js"><\/script>/);
    assert.doesNotMatch(html, /<coinspaid-terminal/);
    // Its token carries the return address the page repeats to the embed (only the token may set it), at this origin.
    assert.deepEqual(minted.at(-1), { page: 'iframe', origin: server.url });
    const script = await fetch(`${server.url}/demo/iframe.js`);
    assert.equal(script.status, 200);
    assert.match(await script.text(), /from '\/assets\/coinspaid-terminal-embed\.min\.js'/);
  });

  it('serves the script build, including its lazily loaded chunks, by plain file name', async () => {
    assertBuilt(['dist/script/coinspaid-terminal.min.js'], 'npm run build:script');
    const response = await fetch(`${server.url}/assets/coinspaid-terminal.min.js`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
    const chunk = /import\(["`]\.\/(payment-kit-[\w-]+\.js)["`]\)/.exec(await response.text())?.[1];
    assert.ok(chunk, 'the entry imports the payment kit lazily');
    assert.equal((await fetch(`${server.url}/assets/${chunk}`)).status, 200);
    assert.equal((await fetch(`${server.url}/assets/coinspaid-terminal.iife.min.js`)).status, 200);
  });

  it('serves nothing outside dist/script and the demo files, whatever the path says', async () => {
    for (const path of [
      '/assets/../package.json',
      '/assets/..%2Fpackage.json',
      '/assets/.env.js',
      '/assets/sub/x.js',
      '/assets/x.json',
      '/demo/../README.md',
      '/src/server/config.ts',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      assert.ok(response.status === 404, `${path} answered ${response.status}`);
    }
  });
});
