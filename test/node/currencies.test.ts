import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CURRENCIES, currencyFacts, currencyUri, knownCurrency, WALLET_URIS } from '../../src/core/currencies.js';
import type { WidgetConfig } from '../../src/core/wire.js';
import { SANDBOX_CURRENCIES } from '../../src/server/sandbox/index.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { assertBuilt } from '../helpers/built.js';

/** src/core/currencies.ts: each fact about a currency written once, and read from there by the proxy and the sandbox. */

describe('the currency tables', () => {
  it('describe the same currencies: a coin is never half added', () => {
    assert.deepEqual(Object.keys(WALLET_URIS).sort(), Object.keys(CURRENCIES).sort());
  });

  it('count on chain in units at least as fine as CoinsPaid states amounts in', () => {
    for (const code of Object.keys(CURRENCIES)) {
      const known = knownCurrency(code)!;
      assert.ok(known.decimals >= known.precision, `${code}: ${known.decimals} on-chain decimals < precision ${known.precision}`);
    }
  });

  it('know nothing of inherited names', () => {
    for (const code of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      assert.equal(knownCurrency(code), undefined, code);
      assert.equal(currencyFacts(code), undefined, code);
      assert.equal(currencyUri(code), undefined, code);
    }
  });

  it('feed the sandbox: its currencies/list states type, precision, network and tag as the table does', () => {
    for (const currency of SANDBOX_CURRENCIES) {
      const facts = currencyFacts(currency.currency);
      assert.ok(facts, `${currency.currency} is in src/core/currencies.ts`);
      assert.equal(currency.type, facts.type, currency.currency);
      assert.equal(currency.precision, facts.precision, currency.currency);
      assert.equal(currency.network ?? null, facts.network, currency.currency);
      assert.equal(currency.requires_tag ?? false, facts.requires_tag, currency.currency);
    }
  });

  it("stay out of the browser's address checkout: its chunks carry wallet URI schemes, never names or networks", () => {
    assertBuilt(['dist/script/coinspaid-terminal.min.js'], 'npm run build:script');
    // The files of size-limit's "address checkout" budget: the entry and what it loads right after the first paint.
    const budgets = JSON.parse(readFileSync('.size-limit.json', 'utf8')) as { name: string; path: string | string[] }[];
    const patterns = [budgets.find((b) => b.name.startsWith('address checkout'))!.path].flat().map((path) => {
      const file = path.replace('dist/script/', '').replace(/[.]/g, '\\.').replace('*', '[\\w-]+');
      return new RegExp(`^${file}$`);
    });
    const chunks = readdirSync('dist/script').filter((f) => patterns.some((pattern) => pattern.test(f)));
    assert.ok(chunks.includes('coinspaid-terminal.min.js') && chunks.some((f) => f.startsWith('payment-kit-')), chunks.join(', '));
    const bundle = chunks.map((f) => readFileSync(`dist/script/${f}`, 'utf8')).join('\n');
    assert.ok(bundle.includes('litecoin'), 'the URI table is there');
    const codes = new Set(Object.keys(CURRENCIES));
    const told = Object.values(CURRENCIES).flatMap(({ name, network }) => (network ? [name, network] : [name]));
    // As string literals in any quotes (the UI's own text may say "Bitcoin"); names that are also codes (XRP, EOS)
    // are in it as keys.
    for (const phrase of told.filter((t) => !codes.has(t)))
      for (const quote of ['"', "'", '`'])
        assert.ok(!bundle.includes(`${quote}${phrase}${quote}`), `${quote}${phrase}${quote} is in the bundle`);
  });
});

describe('GET /config', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  it('names each currency, its network and its tag from the table', async () => {
    const response = await fetch(`${stack.url}/coinspaid/config`, { headers: { Authorization: `Bearer ${await stack.mintToken()}` } });
    const config = (await response.json()) as WidgetConfig;
    assert.equal(config.currencies.length, SANDBOX_CURRENCIES.length);
    for (const currency of config.currencies) {
      const facts = currencyFacts(currency.currency)!;
      assert.deepEqual(
        { name: currency.name, network: currency.network, requires_tag: currency.requires_tag, type: currency.type },
        { name: facts.name, network: facts.network, requires_tag: facts.requires_tag, type: facts.type },
        currency.currency,
      );
    }
  });
});
