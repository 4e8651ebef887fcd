import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeTerminalUrl } from '../../src/server/coinspaid/index.js';
import type { TerminalUrlGrant, WidgetConfig } from '../../src/core/wire.js';
import { embedRefusal } from '../helpers/embed-refusal.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * The return address is the merchant's (src/server/proxy/checkout-rules.ts): a request may repeat the token's url_back,
 * never set or change it, on every route that takes one — the signed terminal link and the iframe embed page — and the
 * widget learns it from /config.
 */

const BACK = 'https://shop.example/orders/1';
const OTHER = 'https://phish.example/orders/1';

let stack: Stack;
let scripts: string;
let withBack: string;
let withoutBack: string;

before(async () => {
  scripts = await mkdtemp(join(tmpdir(), 'url-back-scripts-'));
  await writeFile(join(scripts, 'coinspaid-terminal.min.js'), 'export {};\n');
  stack = await startStack({ embedScripts: scripts });
  withBack = await stack.mintToken({ url_back: BACK });
  withoutBack = await stack.mintToken({});
});
after(async () => {
  await stack.close();
  await rm(scripts, { recursive: true, force: true });
});

async function terminalUrl(token: string, urlBack?: string) {
  const response = await fetch(`${stack.url}/coinspaid/terminal-url`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ currency: 'BTC', ...(urlBack !== undefined ? { url_back: urlBack } : {}) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as TerminalUrlGrant & { code?: string; errors?: Record<string, string> },
  };
}

async function embed(token: string, urlBack?: string) {
  const query = new URLSearchParams({ token, parent: 'https://shop.example', ...(urlBack !== undefined ? { 'url-back': urlBack } : {}) });
  const response = await fetch(`${stack.url}/coinspaid/embed?${query}`);
  const text = await response.text();
  return { status: response.status, text, refusal: () => embedRefusal(stack.url, text) };
}

/** The url_back a terminal link carries, after checking the proxy signed it. */
function signedUrlBack(url: string): string | undefined {
  const decoded = decodeTerminalUrl(url, stack.apiSecret);
  assert.ok(decoded.signatureValid);
  return decoded.params.url_back;
}

describe('url_back on POST /terminal-url', () => {
  it("signs the token's return address whether the request repeats it or leaves it out", async () => {
    for (const requested of [BACK, undefined]) {
      const { status, body } = await terminalUrl(withBack, requested);
      assert.equal(status, 200);
      assert.equal(signedUrlBack(body.url), BACK);
    }
  });

  it('refuses a request that changes the return address', async () => {
    const { status, body } = await terminalUrl(withBack, OTHER);
    assert.equal(status, 403);
    assert.equal(body.code, 'forbidden_by_token');
    assert.equal(body.errors?.['url_back'], 'The return address is set by the merchant.');
  });

  it('refuses a request that sets one where the token has none, and signs none without it', async () => {
    const refused = await terminalUrl(withoutBack, BACK);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.errors?.['url_back'], 'The return address is set by the merchant.');
    const { status, body } = await terminalUrl(withoutBack);
    assert.equal(status, 200);
    assert.equal(signedUrlBack(body.url), undefined);
  });
});

describe('url-back on GET /embed', () => {
  it("writes the token's return address when the page repeats it", async () => {
    const page = await embed(withBack, BACK);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`url-back="${BACK}"`));
    assert.equal((await embed(withBack)).status, 200);
  });

  it('refuses a page that changes the return address', async () => {
    const page = await embed(withBack, OTHER);
    assert.equal(page.status, 403);
    const refusal = await page.refusal();
    assert.equal(refusal.code, 'forbidden_by_token');
    assert.equal(refusal.errors['url-back'], 'The return address is set by the merchant.');
  });

  it('refuses a page that sets one where the token has none', async () => {
    const page = await embed(withoutBack, BACK);
    assert.equal(page.status, 403);
    assert.equal((await page.refusal()).errors['url-back'], 'The return address is set by the merchant.');
    const plain = await embed(withoutBack);
    assert.equal(plain.status, 200);
    assert.doesNotMatch(plain.text, /url-back=/);
  });
});

describe('url_back on GET /config', () => {
  it("tells the widget the token's return address, or null", async () => {
    for (const [token, expected] of [
      [withBack, BACK],
      [withoutBack, null],
    ] as const) {
      const response = await fetch(`${stack.url}/coinspaid/config`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as WidgetConfig).checkout.url_back, expected);
    }
  });
});
