import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallbackVerificationError, signPayload, verifyCallback } from '../../src/server/coinspaid/index.js';

const credentials = { apiKey: 'key', apiSecret: 'secret' };

function signed(body: string) {
  return { body, headers: { 'X-Processing-Key': 'key', 'X-Processing-Signature': signPayload('secret', body) } };
}

function verify(payload: unknown) {
  const { body, headers } = signed(JSON.stringify(payload).replace(/\//g, '\\/'));
  return verifyCallback(body, headers, credentials);
}

const address = { id: 11, currency: 'BTC', convert_to: null, address: 'bc1qexample', tag: null, foreign_id: 'user-1' };

describe('verifyCallback parsing of the six callback types', () => {
  it('reads a deposit with a string confirmation count and numeric amounts as decimal strings', () => {
    const payload = verify({
      id: 1,
      type: 'deposit',
      status: 'confirmed',
      error: '',
      crypto_address: address,
      currency_sent: { currency: 'BTC', amount: 0.00000001 },
      currency_received: { currency: 'BTC', amount: '0.00000001', amount_minus_fee: '0.00000001' },
      transactions: [
        {
          id: 5,
          currency: 'BTC',
          transaction_type: 'blockchain',
          type: 'deposit',
          address: 'bc1qexample',
          tag: null,
          amount: 1e-8,
          txid: 'abc',
          riskscore: '0.1',
          confirmations: '3',
        },
      ],
      fees: [{ type: 'deposit', currency: 'BTC', amount: '0.00000000' }],
      unknown_future_field: { nested: true },
    });
    assert.equal(payload.foreign_id, 'user-1');
    assert.equal(payload.currency_sent?.amount, '0.00000001');
    assert.equal(payload.transactions[0]?.amount, '0.00000001');
    assert.equal(payload.transactions[0]?.confirmations, 3);
    assert.equal('unknown_future_field' in payload, false);
  });

  it('reads a deposit_exchange with the converted amount', () => {
    const payload = verify({
      id: 2,
      type: 'deposit_exchange',
      status: 'confirmed',
      error: '',
      crypto_address: { ...address, convert_to: 'EUR' },
      currency_sent: { currency: 'BTC', amount: '0.01' },
      currency_received: { currency: 'EUR', amount: '850.10', amount_minus_fee: '841.60' },
      transactions: [
        {
          id: 6,
          currency: 'BTC',
          currency_to: 'EUR',
          transaction_type: 'exchange',
          type: 'exchange',
          address: 'bc1qexample',
          tag: null,
          amount: '0.01',
          amount_to: 850.1,
          txid: 'def',
          confirmations: 2,
        },
      ],
      fees: [],
    });
    assert.equal(payload.currency_received?.amount_minus_fee, '841.60');
    assert.equal(payload.transactions[0]?.amount_to, '850.1');
    assert.equal(payload.crypto_address?.convert_to, 'EUR');
  });

  for (const type of ['withdrawal', 'withdrawal_exchange', 'exchange'] as const) {
    it(`reads a ${type} with its top-level foreign_id`, () => {
      const payload = verify({
        id: 3,
        type,
        status: 'confirmed',
        error: '',
        foreign_id: 987,
        currency_sent: { currency: 'EUR', amount: '10' },
        currency_received: { currency: 'BTC', amount: '0.0001' },
        transactions: [],
        fees: [],
      });
      assert.equal(payload.type, type);
      assert.equal(payload.foreign_id, '987');
    });
  }

  it('reads an invoice with its timer and failure text', () => {
    const payload = verify({
      id: 4,
      type: 'invoice',
      status: 'failed',
      error: 'Timer expired. User not paid.',
      foreign_id: 'inv-1',
      fixed_at: 1581929889,
      expires_at: '1581930789',
      transactions: [],
      fees: [],
    });
    assert.equal(payload.status, 'failed');
    assert.equal(payload.error, 'Timer expired. User not paid.');
    assert.equal(payload.expires_at, 1581930789);
  });

  const broken: Array<[string, unknown]> = [
    ['an array body', [1, 2]],
    ['a missing id', { type: 'deposit', status: 'confirmed' }],
    ['an id that is not an integer', { id: 'abc', type: 'deposit', status: 'confirmed' }],
    ['a missing status', { id: 1, type: 'deposit' }],
    ['an amount that is not a number', { id: 1, type: 'deposit', status: 'confirmed', currency_sent: { currency: 'BTC', amount: '1,5' } }],
    ['a transaction that is not an object', { id: 1, type: 'deposit', status: 'confirmed', transactions: ['x'] }],
  ];
  for (const [what, payload] of broken) {
    it(`rejects a signed payload with ${what} as invalid`, () => {
      assert.throws(
        () => verify(payload),
        (error: unknown) => error instanceof CallbackVerificationError && error.reason === 'invalid_payload',
      );
    });
  }
});
