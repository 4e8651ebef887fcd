import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createDemoPages, DEMO_CSP } from '../../demo/server/pages.js';
import { listen, type RunningServer } from '../helpers/serve.js';
import { assertBuilt } from '../helpers/built.js';

describe('demo pages: the React SPA (/spa) and the themes (/themes)', () => {
  let server: RunningServer;
  let minted = 0;
  before(async () => {
    server = await listen(createDemoPages({ mintToken: async (order) => `token-${++minted}-${order}"<x>` }).fetch);
  });
  after(() => server.close());

  it('serves /themes with a fresh token per merchant, escaped, under the strict CSP', async () => {
    const response = await fetch(`${server.url}/themes`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), DEMO_CSP);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    const tokens = [...html.matchAll(/token="(token-\d+-\d{4}&quot;&lt;x&gt;)"/g)].map((m) => m[1]);
    assert.equal(tokens.length, 3);
    assert.equal(new Set(tokens).size, 3);
    assert.doesNotMatch(html, /\{\{|<x>|style=|<style|<script>/);
    assert.match(html, /<link rel="stylesheet" href="\/demo\/themes\.css" ?\/?>/);
    const css = await fetch(`${server.url}/demo/themes.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    // Only the element's public styling API: custom properties and the documented parts.
    const parts = [...(await css.text()).matchAll(/::part\(([\w-]+)\)/g)].map((m) => m[1]);
    assert.ok(parts.length > 0);
    for (const part of parts) assert.ok(['base', 'qr', 'address', 'amount', 'timer', 'status', 'copy-button'].includes(part!), part);
  });

  it('serves the built SPA and its hashed assets under the strict CSP', async () => {
    assertBuilt(['demo/spa/dist/index.html'], 'npm run build:spa');
    const response = await fetch(`${server.url}/spa`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), DEMO_CSP);
    const html = await response.text();
    assert.doesNotMatch(html, /<script>|<style|style=/, 'nothing inline');
    const assets = readdirSync('demo/spa/dist/assets').filter((f) => /\.(js|css)$/.test(f));
    for (const asset of assets.slice(0, 3)) {
      const file = await fetch(`${server.url}/spa/assets/${asset}`);
      assert.equal(file.status, 200, asset);
      assert.match(file.headers.get('content-type') ?? '', asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
    }
  });

  it('serves nothing else under /spa, whatever the path says', async () => {
    for (const path of [
      '/spa/assets/../index.html',
      '/spa/assets/..%2F..%2Fvite.config.ts',
      '/spa/assets/x.map',
      '/spa/assets/sub/x.js',
      '/spa/main.tsx',
      '/spa/App.tsx',
      '/demo/themes.html',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 404, `${path} answered ${response.status}`);
    }
  });
});
