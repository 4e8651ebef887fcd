import Big from 'big.js';
import { type Context, Hono } from 'hono';
import { formatBalance } from './amounts.js';
import { findCurrency, isExchangeable, SANDBOX_CURRENCIES } from './catalogue.js';
import { type ApiEnv, type EndpointName } from './endpoints.js';
import { assertValid } from './errors.js';
import { faultInjection } from './middleware/fault-injection.js';
import { jsonBody } from './middleware/json-body.js';
import { knownEndpoint } from './middleware/known-endpoint.js';
import { postOnly } from './middleware/post-only.js';
import { processingAuth } from './middleware/processing-auth.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestStats } from './middleware/request-stats.js';
import type { Sandbox } from './sandbox.js';
import { FieldErrors } from './validate.js';

/**
 * The 13 endpoints of CoinsPaid API v2 under /api/v2, authenticated like CoinsPaid (X-Processing-Key and an HMAC-SHA512
 * of the raw body), answering the reference's shapes and status codes and `{"errors":{field: message}}` on bad input.
 */

type Body = Record<string, unknown>;
type Handler = (body: Body, c: Context<ApiEnv>) => { status: 200 | 201; data: unknown };

/** currencies/pairs and currencies/rates: every crypto↔fiat pair at the current fix period's price, filterable. */
function pairs(s: Sandbox, body: Body) {
  const v = new FieldErrors();
  const from = v.currency(body, 'currency_from', { required: false });
  const to = v.currency(body, 'currency_to', { required: false });
  assertValid(v);
  const list = [];
  for (const a of SANDBOX_CURRENCIES) {
    for (const b of SANDBOX_CURRENCIES) {
      if (!isExchangeable(a.currency, b.currency)) continue;
      if ((from && a.currency !== from) || (to && b.currency !== to)) continue;
      list.push({
        currency_from: {
          currency: a.currency,
          type: a.type,
          min_amount: a.minimum_amount,
          ...(a.type === 'crypto' ? { min_amount_deposit_with_exchange: a.minDepositWithExchange } : {}),
        },
        currency_to: { currency: b.currency, type: b.type },
        rate_from: '1',
        rate_to: s.state.account.price(a.currency, b.currency).price,
      });
    }
  }
  return list;
}

function handlers(s: Sandbox): Record<Exclude<EndpointName, 'ping'>, Handler> {
  return {
    'currencies/list': (body) => {
      const v = new FieldErrors();
      const visible = v.boolean(body, 'visible', { required: false });
      assertValid(v);
      const data = SANDBOX_CURRENCIES.filter((c) => visible === undefined || c.is_visible === visible).map(
        ({ eurPrice: _p, minDepositWithExchange: _m, ...currency }) => currency,
      );
      return { status: 200, data };
    },
    'currencies/pairs': (body) => ({ status: 200, data: pairs(s, body) }),
    'currencies/rates': (body) => ({ status: 200, data: pairs(s, body) }),
    'accounts/list': () => ({
      status: 200,
      data: SANDBOX_CURRENCIES.map((c) => ({
        currency: c.currency,
        type: c.type,
        balance: formatBalance(s.state.account.ledger.balance(c.currency), c.currency),
      })),
    }),
    'addresses/take': (body) => {
      const v = new FieldErrors();
      const foreignId = v.string(body, 'foreign_id');
      const currency = v.currency(body, 'currency');
      const convertTo = v.currency(body, 'convert_to', { required: false });
      if (currency && findCurrency(currency)?.type !== 'crypto') v.add('currency', 'The selected currency is not a cryptocurrency.');
      if (currency && convertTo && !isExchangeable(currency, convertTo)) v.add('convert_to', 'The selected convert to is invalid.');
      assertValid(v);
      return { status: 201, data: s.state.addresses.take(foreignId!, currency!, convertTo ?? null) };
    },
    'withdrawal/crypto': (body) => {
      const v = new FieldErrors();
      const foreignId = v.string(body, 'foreign_id');
      const amount = v.amount(body, 'amount');
      const currency = v.currency(body, 'currency');
      const convertTo = v.currency(body, 'convert_to', { required: false });
      const address = v.string(body, 'address', { max: 128 });
      const tag = v.string(body, 'tag', { required: false, max: 64 });
      const target = convertTo ?? currency;
      if (target && findCurrency(target)?.type !== 'crypto')
        v.add(convertTo ? 'convert_to' : 'currency', 'Withdrawals are sent in a cryptocurrency.');
      if (currency && convertTo) v.pair('convert_to', currency, convertTo);
      // CoinsPaid validates the address before it answers ("If signature is correct, address is valid and you have
      // enough balance - CoinsPaid responds you with the transaction object"): a bad one is never sent to settle.
      if (target && address && !v.errors['convert_to'] && !v.errors['currency']) v.payoutAddress(target, address, tag);
      if (amount && currency) {
        const minimum = findCurrency(currency)!.minimum_amount;
        if (new Big(amount).lt(minimum)) v.add('amount', `The amount must be at least ${minimum}.`);
      }
      assertValid(v);
      return { status: 201, data: s.state.withdrawals.withdraw(foreignId!, currency!, amount!, convertTo ?? null, address!, tag ?? null) };
    },
    'exchange/calculate': (body) => {
      const v = new FieldErrors();
      const from = v.currency(body, 'sender_currency');
      const to = v.currency(body, 'receiver_currency');
      const senderAmount = v.amount(body, 'sender_amount', { required: false });
      const receiverAmount = v.amount(body, 'receiver_amount', { required: false });
      // Either amount may be absent, null or "" (Laravel's required_without treats all three as missing); only a
      // readable amount counts as present, so a null sender_amount with no receiver_amount is a 400, not a 500.
      if (senderAmount === undefined && receiverAmount === undefined && !v.errors['sender_amount'] && !v.errors['receiver_amount']) {
        v.add('sender_amount', 'The sender amount field is required when receiver amount is not present.');
      }
      v.pair('sender_currency', from, to);
      assertValid(v);
      return {
        status: 200,
        data: s.state.exchanges.calculate(from!, to!, senderAmount, receiverAmount),
      };
    },
    'exchange/fixed': (body) => exchange(body, true),
    'exchange/now': (body) => exchange(body, false),
    'futures/rates': (body) => {
      const v = new FieldErrors();
      const address = v.string(body, 'address', { max: 128 });
      assertValid(v);
      return { status: 200, data: s.state.futures.rates(address!) };
    },
    'futures/confirm': (body) => {
      const v = new FieldErrors();
      const address = v.string(body, 'address', { max: 128 });
      const from = v.currency(body, 'sender_currency');
      const to = v.currency(body, 'receiver_currency');
      const amount = v.amount(body, 'receiver_amount');
      assertValid(v);
      return { status: 200, data: s.state.futures.confirm(address!, from!, to!, amount!) };
    },
    'invoices/create': (body, c) => {
      const v = new FieldErrors();
      const timer = v.boolean(body, 'timer');
      const title = v.string(body, 'title');
      const description = v.string(body, 'description', { required: false, max: 1000 });
      const currency = v.currency(body, 'currency');
      const senderCurrency = v.currency(body, 'sender_currency', { required: false });
      const amount = v.amount(body, 'amount');
      const foreignId = v.string(body, 'foreign_id');
      const urlSuccess = v.url(body, 'url_success');
      const urlFailed = v.url(body, 'url_failed');
      const email = v.email(body, 'email_user');
      const type = (body['type'] ?? 'fill_or_kill') as 'fill_or_kill' | 'good_until_expired';
      if (type !== 'fill_or_kill' && type !== 'good_until_expired') v.add('type', 'The selected type is invalid.');
      if (senderCurrency && findCurrency(senderCurrency)?.type !== 'crypto')
        v.add('sender_currency', 'The selected sender currency is invalid.');
      if (senderCurrency && currency && senderCurrency !== currency && !isExchangeable(senderCurrency, currency)) {
        v.add('sender_currency', 'Exchange is unavailable for given currencies');
      }
      if (senderCurrency && timer === false) v.add('sender_currency', 'The sender currency requires the timer.');
      if (amount && currency) {
        const minimum = findCurrency(currency)!.minimum_amount;
        if (new Big(amount).lt(minimum)) v.add('amount', `The amount must be at least ${minimum}.`);
      }
      assertValid(v);
      // The hosted invoice page is served by this sandbox, under wherever it is mounted (npm start: /sandbox).
      const base = new URL(c.req.url).origin + c.req.path.slice(0, c.req.path.indexOf('/api/v2/'));
      return {
        status: 200,
        data: s.state.invoices.create({
          timer: timer!,
          title: title!,
          description: description ?? null,
          currency: currency!,
          sender_currency: senderCurrency ?? null,
          amount: amount!,
          foreign_id: foreignId!,
          url_success: urlSuccess!,
          url_failed: urlFailed!,
          email_user: email!,
          type,
          base,
        }),
      };
    },
  };

  function exchange(body: Body, fixed: boolean): { status: 201; data: unknown } {
    const v = new FieldErrors();
    const from = v.currency(body, 'sender_currency');
    const to = v.currency(body, 'receiver_currency');
    const amount = v.amount(body, 'sender_amount');
    const foreignId = v.string(body, 'foreign_id');
    const fixedPrice = fixed ? v.amount(body, 'price') : null;
    v.pair('sender_currency', from, to);
    if (amount && from) {
      const minimum = findCurrency(from)!.minimum_amount;
      if (new Big(amount).lt(minimum)) v.add('sender_amount', `The amount must be at least ${minimum} `);
    }
    assertValid(v);
    return { status: 201, data: s.state.exchanges.exchange(foreignId!, from!, to!, amount!, fixedPrice ?? null) };
  }
}

/**
 * Mounts the API on `app` (paths relative to the sandbox root). Each request passes, in order: the endpoint check,
 * the stats, injected faults, the exchange/calculate limit, then (ping excepted) POST only, CoinsPaid's
 * authentication and the JSON body; the route validates its fields and answers.
 */
export function mountApi(app: Hono, s: Sandbox): void {
  const api = new Hono<ApiEnv>();
  api.use('*', knownEndpoint());
  api.use('*', requestStats({ stats: s.stats }));
  api.use('*', faultInjection({ faults: s.faults, wait: (ms) => s.faultWaits.wait(ms) }));
  api.use('/exchange/calculate', rateLimit({ limiter: s.rateLimit, clientIp: s.clientIp }));
  api.all('/ping', (c) => c.text('OK'));
  api.use('*', postOnly());
  api.use('*', processingAuth({ apiKey: s.apiKey, apiSecret: s.apiSecret }));
  api.use('*', jsonBody());
  for (const [endpoint, handler] of Object.entries(handlers(s))) {
    api.post(`/${endpoint}`, (c) => {
      const { status, data } = handler(c.var.body, c);
      return c.json({ data }, status);
    });
  }
  app.route('/api/v2', api);
}
