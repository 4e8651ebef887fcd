import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTerminalProxy } from '../../src/server/proxy/index.js';
import { embedRefusal } from '../helpers/embed-refusal.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * The iframe embed page (`GET /coinspaid/embed`) and its scripts, over real HTTP. The scripts come from a stand-in
 * script directory so these tests do not depend on a build.
 */

const ALLOWED = ['https://shop.example', 'https://checkout.shop.example'];
const CHUNK = 'invoice-_zCDANKn.js';

let stack: Stack;
let scripts: string;
let token: string;

before(async () => {
  scripts = await mkdtemp(join(tmpdir(), 'embed-scripts-'));
  await writeFile(join(scripts, 'coinspaid-terminal.min.js'), 'export const element = 1;\n');
  await writeFile(join(scripts, 'coinspaid-terminal-bridge.min.js'), 'export const bridge = 1;\n');
  await writeFile(join(scripts, CHUNK), 'export const invoice = 1;\n');
  await writeFile(join(scripts, 'coinspaid-terminal.min.js.map'), '{"version":3}');
  await writeFile(join(scripts, 'secret.txt'), 'not a script');
  stack = await startStack({ allowedOrigins: ALLOWED, embedScripts: scripts });
  token = await stack.mintToken({ convert_to: 'EUR', amount: '106.75', amount_currency: 'EUR', url_back: 'https://shop.example/orders/1' });
});
after(async () => {
  await stack.close();
  await rm(scripts, { recursive: true, force: true });
});

function embedUrl(params: Record<string, string>): string {
  return `${stack.url}/coinspaid/embed?${new URLSearchParams({ token, parent: 'https://shop.example', ...params })}`;
}

async function embed(params: Record<string, string> = {}) {
  const response = await fetch(embedUrl(params));
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
  };
}

/** The `<coinspaid-terminal …>` start tag of a page. */
function terminalTag(html: string): string {
  const match = /<coinspaid-terminal\s[^>]*>/.exec(html);
  assert.ok(match, 'the page hosts <coinspaid-terminal>');
  return match[0];
}

const refusalOf = (page: { text: string }) => embedRefusal(stack.url, page.text);

/** A plain refusal page's code and field errors (no element: its parent may not be told anything). */
function plainRefusal(text: string): { code: string; errors: Record<string, string> } {
  assert.doesNotMatch(text, /<script|<coinspaid-terminal/);
  const code = /<code id="code">([^<]*)<\/code>/.exec(text)?.[1] ?? '';
  const errors = Object.fromEntries([...text.matchAll(/<dt><code>([^<]*)<\/code><\/dt><dd>([^<]*)<\/dd>/g)].map((m) => [m[1]!, m[2]!]));
  return { code, errors };
}

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values.join(' ')]),
  );
}

describe('GET /embed', () => {
  it('hosts the element with the attributes given, loading the bridge and the element from the proxy', async () => {
    const { status, headers, text } = await embed({
      mode: 'address',
      currency: 'BTC',
      amount: '106.75',
      'amount-currency': 'EUR',
      'convert-to': 'EUR',
      theme: 'dark',
      lang: 'de',
    });
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /^text\/html; charset=utf-8/i);
    const tag = terminalTag(text);
    assert.match(tag, /\sproxy="\/coinspaid"/);
    assert.match(tag, new RegExp(`\\stoken="${token.replace(/\./g, '\\.')}"`));
    for (const [name, value] of [
      ['mode', 'address'],
      ['currency', 'BTC'],
      ['amount', '106.75'],
      ['amount-currency', 'EUR'],
      ['convert-to', 'EUR'],
      ['theme', 'dark'],
    ]) {
      assert.match(tag, new RegExp(`\\s${name}="${value!.replace('.', '\\.')}"`), name);
    }
    assert.match(text, /<html lang="de">/);
    assert.match(text, /<meta name="coinspaid-parent-origin" content="https:\/\/shop\.example">/);
    assert.match(text, /<base target="_top">/);
    const scripts = [...text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.deepEqual(
      scripts.map((s) => /src="([^"]+)"/.exec(s[1]!)?.[1]),
      ['/coinspaid/embed/coinspaid-terminal-bridge.min.js', '/coinspaid/embed/coinspaid-terminal.min.js'],
    );
    assert.ok(
      scripts.every((s) => s[2] === '' && /type="module"/.test(s[1]!)),
      'no inline script',
    );
  });

  it('may be framed only by the allowed origins, runs no inline script, sends no referrer and is not cached', async () => {
    const { headers } = await embed();
    const csp = directives(headers.get('content-security-policy') ?? '');
    assert.deepEqual(csp.get('frame-ancestors')?.split(' '), ALLOWED);
    assert.equal(csp.get('script-src'), "'self'");
    assert.equal(csp.get('default-src'), "'none'");
    assert.equal(csp.get('connect-src'), "'self'");
    // Terminal mode may frame the Payment Terminal: offline, the sandbox's own terminal page at this origin.
    assert.equal(csp.get('frame-src'), new URL(stack.url).origin);
    assert.match(csp.get('style-src') ?? '', /^'self' 'sha256-[A-Za-z0-9+/]+={0,2}'$/);
    assert.doesNotMatch(headers.get('content-security-policy') ?? '', /\*|unsafe-inline|unsafe-eval/);
    assert.equal(headers.get('x-content-type-options'), 'nosniff');
    assert.equal(headers.get('referrer-policy'), 'no-referrer');
    assert.equal(headers.get('cache-control'), 'no-store');
  });

  it('allows only the inline style whose hash the policy names', async () => {
    const { headers, text } = await embed();
    const style = /<style>([^<]*)<\/style>/.exec(text)?.[1] ?? '';
    const { createHash } = await import('node:crypto');
    assert.match(
      headers.get('content-security-policy') ?? '',
      new RegExp(`'sha256-${createHash('sha256').update(style).digest('base64').replace(/[+/]/g, '\\$&')}'`),
    );
  });

  it('refuses a parent origin that is not on the allow-list, however close, with a plain page that parent cannot frame', async () => {
    for (const parent of [
      'https://evil.example',
      'https://shop.example.evil.example',
      'https://shop.example/',
      'http://shop.example',
      'null',
      '*',
    ]) {
      const { status, headers, text } = await embed({ parent });
      assert.equal(status, 400, parent);
      assert.match(headers.get('content-type') ?? '', /^text\/html/);
      const { code, errors } = plainRefusal(text);
      assert.equal(code, 'origin_not_allowed');
      assert.match(errors['parent'] ?? '', /allowed/);
      const csp = directives(headers.get('content-security-policy') ?? '');
      assert.deepEqual(csp.get('frame-ancestors')?.split(' '), ALLOWED, 'only the allowed origins may frame it');
      assert.equal(csp.get('default-src'), "'none'");
      assert.equal(csp.get('script-src'), undefined, 'no script at all');
    }
  });

  it("answers bad parameters with a 400 page whose element shows the error, naming each field to the parent's listener", async () => {
    const page = await embed({
      mode: 'fast',
      currency: 'btc!',
      currencies: 'BTC;LTC',
      amount: '1e3',
      'amount-currency': 'euro',
      'convert-to': '<EUR>',
      'url-back': 'javascript:alert(1)',
      'terminal-display': 'popup',
      theme: 'pink',
      lang: 'de"><script>',
      colour: 'red',
    });
    assert.equal(page.status, 400);
    assert.match(page.text, /<html lang="en">/, 'a language that is not a tag: English');
    assert.match(page.text, /<meta name="coinspaid-parent-origin" content="https:\/\/shop\.example">/, 'the bridge tells the parent');
    assert.equal([...page.text.matchAll(/<script\b/g)].length, 2, 'the bridge and the element, nothing else');
    assert.deepEqual(
      directives(page.headers.get('content-security-policy') ?? '')
        .get('frame-ancestors')
        ?.split(' '),
      ALLOWED,
    );
    const { status, code, errors } = await refusalOf(page);
    assert.equal(status, 400);
    assert.equal(code, 'validation');
    assert.deepEqual(Object.keys(errors).sort(), [
      'amount',
      'amount-currency',
      'colour',
      'convert-to',
      'currencies',
      'currency',
      'lang',
      'mode',
      'terminal-display',
      'theme',
      'url-back',
    ]);
    assert.match(errors['url-back']!, /https: or http: URL/);
    assert.match(errors['colour']!, /not allowed/);
  });

  it('needs the parent and the token, and an amount with its currency', async () => {
    const missing = await fetch(`${stack.url}/coinspaid/embed?${new URLSearchParams({ 'amount-currency': 'EUR' })}`);
    assert.equal(missing.status, 400);
    const plain = plainRefusal(await missing.text());
    assert.equal(plain.code, 'validation');
    assert.match(plain.errors['parent']!, /required/);
    assert.match(plain.errors['token']!, /required/);

    const noToken = await fetch(`${stack.url}/coinspaid/embed?${new URLSearchParams({ parent: 'https://shop.example', lang: 'de' })}`);
    assert.equal(noToken.status, 401);
    const noTokenPage = { text: await noToken.text() };
    assert.match(noTokenPage.text, /<html lang="de">/, "the customer's language");
    const refused = await refusalOf(noTokenPage);
    assert.deepEqual([refused.status, refused.code], [401, 'token_missing']);
    assert.match(refused.errors['token']!, /required/);

    const alone = await embed({ 'amount-currency': 'EUR' });
    assert.equal(alone.status, 400);
    assert.match((await refusalOf(alone)).errors['amount']!, /amount-currency go together/);
  });

  it('serves the page for an expired or invalid token, whose element then shows the error and tells the parent', async () => {
    const tampered = `${token.slice(0, -4)}AAAA`;
    const expiredToken = await stack.mintToken({}, -10);
    for (const bad of [tampered, expiredToken]) {
      const page = await embed({ token: bad });
      assert.equal(page.status, 200);
      assert.ok(page.text.includes(`token="${bad}"`));
    }
    // The element's own requests meet the refusal, with the code it turns into its error state.
    const config = await fetch(`${stack.url}/coinspaid/config`, { headers: { Authorization: `Bearer ${expiredToken}` } });
    assert.equal(config.status, 401);
    assert.equal(((await config.json()) as { code: string }).code, 'token_expired');
  });

  it('refuses attributes that contradict the token with a 403 page whose element says so', async () => {
    const convert = await embed({ 'convert-to': 'USD' });
    assert.equal(convert.status, 403);
    const refused = await refusalOf(convert);
    assert.deepEqual([refused.status, refused.code], [403, 'forbidden_by_token']);
    assert.match(refused.errors['convert-to']!, /settles in EUR/);
    assert.ok(!convert.text.includes(token), 'the page does not carry the token on to the element');
    const back = await embed({ 'url-back': 'https://evil.example/' });
    assert.equal(back.status, 403);
    assert.equal((await refusalOf(back)).code, 'forbidden_by_token');
    const price = await embed({ amount: '1', 'amount-currency': 'EUR' });
    assert.equal(price.status, 403);
    assert.equal((await refusalOf(price)).code, 'forbidden_by_token');
  });

  it('answers refusals only for the codes a page can show, and drops field errors that are not short strings', async () => {
    const code = (path: string) => fetch(`${stack.url}/coinspaid/embed/refused/${path}/config`);
    assert.equal((await code('rate_limited/e30')).status, 404);
    const junk = await code('validation/bm90IGpzb24');
    assert.deepEqual(await junk.json(), { errors: {}, code: 'validation' });
  });

  it("passes redirect=1 on as the element's redirect attribute, and refuses any other value", async () => {
    const page = await embed({ mode: 'invoice', redirect: '1' });
    assert.match(terminalTag(page.text), / redirect[ >]/);
    assert.doesNotMatch(terminalTag((await embed({})).text), /redirect/);
    const bad = await embed({ redirect: 'yes' });
    assert.equal(bad.status, 400);
    assert.ok((await refusalOf(bad)).errors['redirect']);
  });

  it('escapes hostile strings instead of writing them into the page', async () => {
    const hostile = `"><script>alert(1)</script><x y='`;
    const url = `https://shop.example/orders/1?q="><img src=x onerror=alert(1)>&x='`;
    // The page may repeat the token's return address only (checkout-rules.ts): the hostile one is the merchant's own.
    const hostileToken = await stack.mintToken({ foreign_id: hostile, url_back: url });
    const { status, text } = await embed({ token: hostileToken, 'url-back': url, currencies: 'BTC, LTC' });
    assert.equal(status, 200);
    assert.equal([...text.matchAll(/<script\b/g)].length, 2, 'only the two script tags');
    assert.doesNotMatch(text, /<img|onerror=alert\(1\)>/);
    const tag = terminalTag(text);
    assert.match(tag, /url-back="https:\/\/shop\.example\/orders\/1\?q=&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;&amp;x=&#39;"/);
    // Every attribute value is quoted and free of quotes: the tag has exactly the attributes written.
    const names = [...tag.matchAll(/\s([a-z-]+)="[^"]*"/g)].map((m) => m[1]);
    assert.deepEqual(names, ['proxy', 'token', 'currencies', 'url-back']);
  });
});

describe('GET /embed/<script>', () => {
  it('serves the element, the bridge and lazy chunks as JavaScript, never sniffed', async () => {
    for (const name of ['coinspaid-terminal.min.js', 'coinspaid-terminal-bridge.min.js', CHUNK]) {
      const response = await fetch(`${stack.url}/coinspaid/embed/${name}`);
      assert.equal(response.status, 200, name);
      assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.match(await response.text(), /^export const/);
    }
    const map = await fetch(`${stack.url}/coinspaid/embed/coinspaid-terminal.min.js.map`);
    assert.equal(map.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  it('lets hashed chunks be cached for good and revalidates the rest by ETag', async () => {
    const chunk = await fetch(`${stack.url}/coinspaid/embed/${CHUNK}`);
    assert.match(chunk.headers.get('cache-control') ?? '', /immutable/);
    const entry = await fetch(`${stack.url}/coinspaid/embed/coinspaid-terminal.min.js`);
    assert.equal(entry.headers.get('cache-control'), 'no-cache');
    const etag = entry.headers.get('etag');
    assert.ok(etag);
    const again = await fetch(`${stack.url}/coinspaid/embed/coinspaid-terminal.min.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  it('serves nothing but plain script names from the script directory', async () => {
    for (const path of ['secret.txt', '..%2Fpackage.json', '%2e%2e%2fpackage.json', '.hidden.js', 'missing.js', 'a%00.js']) {
      const response = await fetch(`${stack.url}/coinspaid/embed/${path}`);
      assert.equal(response.status, 404, path);
      assert.equal(((await response.json()) as { code: string }).code, 'not_found');
    }
  });
});

describe('createTerminalProxy allowedOrigins', () => {
  it('accepts bare origins only, since they go into CORS and CSP headers verbatim', () => {
    const base = { apiKey: 'k', apiSecret: 's', tokenSecret: 'x'.repeat(32), terminalClientId: 1 };
    for (const origin of [
      '*',
      'https://shop.example/',
      'https://shop.example/path',
      'shop.example',
      "https://shop.example; script-src 'unsafe-inline'",
      'ftp://shop.example',
    ]) {
      assert.throws(() => createTerminalProxy({ ...base, allowedOrigins: [origin] }), TypeError, origin);
    }
    assert.doesNotThrow(() => createTerminalProxy({ ...base, allowedOrigins: ['https://shop.example', 'http://localhost:8787'] }));
  });
});
