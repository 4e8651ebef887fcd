import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTerminalUrl, decodeTerminalUrl, signPayload, TerminalParamsError } from '../../src/server/coinspaid/index.js';
import type { TerminalParams } from '../../src/core/api-types.js';

const secret = 'terminal-secret';
const params: TerminalParams = {
  client_id: 1042,
  currency: 'BTC',
  amount: '0.015',
  convert_to: 'EUR',
  is_iframe: true,
  foreign_id: 'order-77',
  url_back: 'https://shop.example/orders/77?from=crypto',
};

function errorsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof TerminalParamsError, `expected TerminalParamsError, got ${String(error)}`);
    return error.errors;
  }
  assert.fail('expected buildTerminalUrl to throw');
}

describe('buildTerminalUrl', () => {
  it('round-trips: data is base64 of the compact JSON and the signature is the HMAC of that JSON', () => {
    const url = new URL(buildTerminalUrl({ apiSecret: secret, params }));
    assert.equal(url.origin + url.pathname, 'https://terminal.coinspaid.com/');
    const json = Buffer.from(url.searchParams.get('data') ?? '', 'base64').toString('utf8');
    assert.equal(
      json,
      '{"client_id":1042,"currency":"BTC","amount":"0.015","convert_to":"EUR","is_iframe":true,"foreign_id":"order-77","url_back":"https://shop.example/orders/77?from=crypto"}',
    );
    assert.equal(url.searchParams.get('signature'), signPayload(secret, json));
    const decoded = decodeTerminalUrl(url.toString(), secret);
    assert.deepEqual(decoded.params, params);
    assert.equal(decoded.signatureValid, true);
    assert.equal(decodeTerminalUrl(url.toString(), 'another-secret').signatureValid, false);
  });

  it('puts the parameters in the reference order whatever order they were given in', () => {
    const shuffled = { foreign_id: 'f', currency: 'LTC', client_id: 7 } as TerminalParams;
    const { json } = decodeTerminalUrl(buildTerminalUrl({ apiSecret: secret, params: shuffled }), secret);
    assert.equal(json, '{"client_id":7,"currency":"LTC","foreign_id":"f"}');
  });

  it('URL-encodes the padded standard base64 so + / = survive the query string', () => {
    const url = buildTerminalUrl({ apiSecret: secret, params: { ...params, foreign_id: '???>>>' } });
    const raw = url.split('data=')[1]!.split('&')[0]!;
    assert.doesNotMatch(raw, /[+/=]/);
    assert.equal(decodeTerminalUrl(url, secret).params.foreign_id, '???>>>');
  });

  it('signs a numeric foreign_id as the number it is, as the terminal documentation’s own example does', () => {
    const url = buildTerminalUrl({ apiSecret: secret, params: { client_id: 11, currency: 'BTC', foreign_id: 111 } });
    const decoded = decodeTerminalUrl(url, secret);
    assert.equal(decoded.json, '{"client_id":11,"currency":"BTC","foreign_id":111}');
    assert.equal(decoded.params.foreign_id, 111);
    assert.equal(decoded.signatureValid, true);
    assert.equal(buildTerminalUrl({ apiSecret: secret, params: { ...params, foreign_id: 0 } }).includes('data='), true);
  });

  it('uses a custom terminal host when given one', () => {
    const url = buildTerminalUrl({ apiSecret: secret, params, baseUrl: 'http://127.0.0.1:9/terminal' });
    assert.ok(url.startsWith('http://127.0.0.1:9/terminal?data='));
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['a missing client_id', { client_id: undefined }, 'client_id'],
    ['a client_id that is not a positive integer', { client_id: '1042' }, 'client_id'],
    ['a negative client_id', { client_id: -1 }, 'client_id'],
    ['a missing currency', { currency: undefined }, 'currency'],
    ['a lowercase currency', { currency: 'btc' }, 'currency'],
    ['a float amount', { amount: 0.015 }, 'amount'],
    ['a zero amount', { amount: '0' }, 'amount'],
    ['an amount with a comma', { amount: '0,015' }, 'amount'],
    ['an amount in exponent notation', { amount: '1e-3' }, 'amount'],
    ['convert_to equal to the currency', { convert_to: 'BTC' }, 'convert_to'],
    ['is_iframe as a string', { is_iframe: 'true' }, 'is_iframe'],
    ['a missing foreign_id', { foreign_id: undefined }, 'foreign_id'],
    ['an empty foreign_id', { foreign_id: '' }, 'foreign_id'],
    ['a fractional foreign_id', { foreign_id: 1.5 }, 'foreign_id'],
    ['a negative foreign_id', { foreign_id: -1 }, 'foreign_id'],
    ['a foreign_id beyond a safe integer', { foreign_id: 2 ** 53 }, 'foreign_id'],
    ['a foreign_id that is an object', { foreign_id: { id: 1 } }, 'foreign_id'],
    ['a foreign_id over 255 characters', { foreign_id: 'x'.repeat(256) }, 'foreign_id'],
    ['a javascript: url_back', { url_back: 'javascript:alert(1)' }, 'url_back'],
    ['a data: url_back', { url_back: 'data:text/html,hi' }, 'url_back'],
    ['a relative url_back', { url_back: '/orders/77' }, 'url_back'],
    ['an unknown parameter', { secret: 'x' }, 'secret'],
  ];
  for (const [what, change, field] of bad) {
    it(`refuses ${what}`, () => {
      const errors = errorsOf(() => buildTerminalUrl({ apiSecret: secret, params: { ...params, ...change } as TerminalParams }));
      assert.ok(errors[field], `expected an error for ${field}, got ${JSON.stringify(errors)}`);
    });
  }

  it('refuses a terminal host that is not http(s)', () => {
    assert.ok(errorsOf(() => buildTerminalUrl({ apiSecret: secret, params, baseUrl: 'ftp://terminal.example/' }))['baseUrl']);
  });
});

/**
 * A link as a published Go client builds it (serjvanilla/coinspaid-go, coinspaid/terminal.go): the amount a JSON
 * number (float64), `base64.URLEncoding` (the URL-safe alphabet, padded), the signature over the JSON bytes.
 */
function linkBuiltElsewhere(json: string, encode: (bytes: Buffer) => string, signature = signPayload(secret, json)): string {
  const url = new URL('https://terminal.coinspaid.com/');
  url.searchParams.set('data', encode(Buffer.from(json, 'utf8')));
  url.searchParams.set('signature', signature);
  return url.toString();
}

describe('decodeTerminalUrl of links built by other clients', () => {
  // "?>" and "ü" make both alphabets differ: the standard encoding of this JSON has + and /, the URL-safe one - and _.
  const json = '{"client_id":1042,"currency":"BTC","amount":0.015,"foreign_id":"order??>>ü","url_back":"https://shop.example/?a=1"}';
  const urlSafe = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

  it('builds a fixture whose two alphabets really differ', () => {
    const standard = Buffer.from(json).toString('base64');
    assert.match(standard, /[+/]/);
    assert.match(urlSafe(Buffer.from(json)), /[-_]/);
    assert.ok(standard.endsWith('='), 'padded');
  });

  it('reads URL-safe base64 with padding, the way coinspaid-go writes it, and a numeric amount as a decimal string', () => {
    const decoded = decodeTerminalUrl(linkBuiltElsewhere(json, urlSafe), secret);
    assert.equal(decoded.json, json, 'the JSON exactly as signed');
    assert.equal(decoded.signatureValid, true);
    assert.deepEqual(decoded.params, {
      client_id: 1042,
      currency: 'BTC',
      amount: '0.015',
      foreign_id: 'order??>>ü',
      url_back: 'https://shop.example/?a=1',
    });
    assert.equal(typeof decoded.params.amount, 'string', 'never a float');
  });

  it('reads URL-safe and standard base64 without padding', () => {
    for (const encode of [(b: Buffer) => urlSafe(b).replace(/=+$/, ''), (b: Buffer) => b.toString('base64').replace(/=+$/, '')]) {
      const decoded = decodeTerminalUrl(linkBuiltElsewhere(json, encode), secret);
      assert.equal(decoded.json, json);
      assert.equal(decoded.signatureValid, true);
    }
  });

  it('reads standard base64 whose + was left unescaped in the query string (a space once parsed)', () => {
    const raw = Buffer.from(json).toString('base64');
    const link = `https://terminal.coinspaid.com/?data=${raw.replace(/\//g, '%2F').replace(/=/g, '%3D')}&signature=${signPayload(secret, json)}`;
    assert.match(link, /\+/);
    assert.equal(decodeTerminalUrl(link, secret).json, json);
  });

  it('reads an integer amount, and an upper-case hex signature, and still refuses a signature of other JSON', () => {
    const whole = '{"client_id":11,"currency":"BTC","amount":3500,"foreign_id":111}';
    const decoded = decodeTerminalUrl(linkBuiltElsewhere(whole, urlSafe, signPayload(secret, whole).toUpperCase()), secret);
    assert.equal(decoded.params.amount, '3500');
    assert.equal(decoded.params.foreign_id, 111);
    assert.equal(decoded.signatureValid, true);
    const forged = linkBuiltElsewhere(whole.replace('3500', '35'), urlSafe, signPayload(secret, whole));
    assert.equal(decodeTerminalUrl(forged, secret).signatureValid, false);
  });
});
