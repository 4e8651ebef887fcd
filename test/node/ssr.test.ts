/**
 * Server rendering: a React app that uses `coinspaid-terminal/react` renders on Node (no DOM) without crashing, and
 * both entry points import there without touching browser APIs. The element itself starts in the browser.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import * as element from '../../src/element/index.js';
import { CoinsPaidTerminal } from '../../src/react/index.js';

const run = promisify(execFile);

describe('server rendering (Node, no DOM)', () => {
  it('imports the element and the React wrapper with no document or window', () => {
    assert.equal(typeof document, 'undefined');
    assert.equal(typeof window, 'undefined');
    assert.equal(typeof element.CoinsPaidTerminal, 'function');
    assert.equal(CoinsPaidTerminal.displayName, 'CoinsPaidTerminal');
  });

  it('renders <CoinsPaidTerminal> to the bare tag with its HTML attributes; properties and listeners wait for hydration', () => {
    const html = renderToString(
      createElement(CoinsPaidTerminal, {
        proxy: '/coinspaid',
        token: 'secret-free-token',
        amount: '106.75',
        amountCurrency: 'EUR',
        mode: 'address',
        redirect: true,
        lang: 'de',
        className: 'checkout',
        id: 'pay',
        onCoinspaidPaid: () => assert.fail('no events on the server'),
        onCoinspaidStatusChanged: () => assert.fail('no events on the server'),
      }),
    );
    assert.match(html, /^<coinspaid-terminal [^>]*><\/coinspaid-terminal>$/);
    assert.match(html, / lang="de"/);
    assert.match(html, / class="checkout"/);
    assert.match(html, / id="pay"/);
    // Neither listeners nor camelCase property names leak into the markup as attributes.
    assert.doesNotMatch(html, /onCoinspaid|amountCurrency|function/i);
  });

  it('renders inside a page of other React content', () => {
    const html = renderToString(
      createElement(
        'main',
        null,
        createElement('h1', null, 'Checkout'),
        createElement(CoinsPaidTerminal, { proxy: '/coinspaid', token: 't' }),
      ),
    );
    assert.equal(html, '<main><h1>Checkout</h1><coinspaid-terminal></coinspaid-terminal></main>');
  });

  it('imports where there is no custom element registry at all', async () => {
    // Lit's Node build brings a minimal registry of its own; another runtime may not. Take it away before the
    // element's module runs: defining must wait for a browser instead of throwing.
    const script = [
      "await import('lit');",
      'delete globalThis.customElements;',
      "const m = await import('./src/react/index.ts');",
      "const { createElement } = await import('react');",
      "const { renderToString } = await import('react-dom/server');",
      "process.stdout.write(String(typeof globalThis.customElements) + ' ' + renderToString(createElement(m.CoinsPaidTerminal, { token: 't' })));",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd() });
    // Without a registry the class is never finalized, so @lit/react sees no property named `token` and passes it on
    // as an attribute, which the element reads the same way once it starts.
    assert.match(stdout, /^undefined <coinspaid-terminal( token="t")?><\/coinspaid-terminal>$/);
  });
});
