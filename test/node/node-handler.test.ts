/**
 * toNodeHandler: the proxy and the sandbox served by the Node frameworks merchants run (Express, Connect, Fastify with
 * @fastify/middie, plain node:http), mounted under a path, over real HTTP: a whole sandbox payment through Express, the
 * mount path as the browser sees it, and a body parser mounted before the handler named as the cause.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it, mock } from 'node:test';
import connect from 'connect';
import express from 'express';
import Fastify from 'fastify';
import middie from '@fastify/middie';
import { Hono } from 'hono';
import type { AddressGrant, OrderSettlement, PaymentPoll } from '../../src/core/wire.js';
import { signPayload } from '../../src/server/coinspaid/index.js';
import { createCheckoutToken, createSandbox, createTerminalProxy, toNodeHandler, type NodeHandler } from '../../src/server/index.js';
import type { SandboxApp } from '../../src/server/sandbox/index.js';
import { ManualClock } from '../helpers/manual-clock.js';

const API_KEY = 'node-handler-key';
const API_SECRET = 'node-handler-secret';
const TOKEN_SECRET = 'node-handler-token-secret-0123456789';
const ORIGIN = 'https://shop.example';
const CONFIRMATION_MS = 10_000;

/** What a merchant's server holds: the two handlers (bound once the port is known), and what onCallback was told. */
interface Merchant {
  url: string;
  clock: ManualClock;
  sandbox: SandboxApp;
  told: OrderSettlement[];
  close(): Promise<void>;
}

type Mount = (handlers: { proxy: NodeHandler; sandbox: NodeHandler }) => Promise<{ url: string; close(): Promise<void> }>;

const running: Merchant[] = [];
afterEach(async () => {
  for (const merchant of running.splice(0)) await merchant.close();
});

/**
 * Mounts late-bound handlers with `mount` (the framework under test), then, the port known, makes the sandbox and the
 * proxy: the proxy reaches the sandbox and the sandbox posts callbacks through the framework, as in a merchant's server.
 */
type Wrap = (proxy: ReturnType<typeof createTerminalProxy>, sandbox: SandboxApp) => { proxy: NodeHandler; sandbox: NodeHandler };
const eachOnItsOwn: Wrap = (proxy, sandbox) => ({ proxy: toNodeHandler(proxy), sandbox: toNodeHandler(sandbox) });

async function startMerchant(mount: Mount, mountAt = { proxy: '/coinspaid', sandbox: '/sandbox' }, wrap = eachOnItsOwn): Promise<Merchant> {
  const bound: { proxy?: NodeHandler; sandbox?: NodeHandler } = {};
  const late =
    (name: 'proxy' | 'sandbox'): NodeHandler =>
    (req, res, next) =>
      bound[name]!(req, res, next);
  const served = await mount({ proxy: late('proxy'), sandbox: late('sandbox') });
  const clock = new ManualClock();
  const told: OrderSettlement[] = [];
  const sandbox = createSandbox({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    clock,
    confirmationDelayMs: CONFIRMATION_MS,
    callbackUrl: `${served.url}${mountAt.proxy}/callback`,
  });
  const proxy = createTerminalProxy({
    baseUrl: `${served.url}${mountAt.sandbox}/api/v2`,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    tokenSecret: TOKEN_SECRET,
    allowedOrigins: [ORIGIN],
    terminalClientId: 1,
    clock,
    onCallback: (_payload, { settlement }) => {
      if (settlement) told.push(settlement);
    },
  });
  Object.assign(bound, wrap(proxy, sandbox));
  const merchant: Merchant = {
    url: served.url,
    clock,
    sandbox,
    told,
    close: async () => {
      sandbox.dispose();
      await served.close();
    },
  };
  running.push(merchant);
  return merchant;
}

function listening(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

const expressMount: Mount = async ({ proxy, sandbox }) => {
  const app = express();
  app.use('/coinspaid', proxy);
  app.use('/sandbox', sandbox);
  app.use(express.json());
  app.get('/', (_req, res) => void res.send('the shop'));
  return listening(createServer(app));
};

async function token(claims: Record<string, unknown> = {}): Promise<string> {
  return createCheckoutToken(TOKEN_SECRET, { foreign_id: 'customer:1', ...claims }, { expiresIn: '30m' });
}

async function api<T>(m: Merchant, bearer: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${m.url}/coinspaid/${path}`, {
    method,
    headers: { Authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as T };
}

function control(m: Merchant, path: string, body: unknown): Promise<Response> {
  return fetch(`${m.url}/sandbox/control/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
    body: JSON.stringify(body),
  });
}

/** A crypto-priced order's address, then the customer pays it in full and the confirmation delay passes. */
async function payOrder(m: Merchant, orderId: string): Promise<AddressGrant> {
  const bearer = await token({ order_id: orderId, amount: '0.002', amount_currency: 'BTC' });
  const { status, json: grant } = await api<AddressGrant>(m, bearer, 'POST', 'addresses', { currency: 'BTC' });
  assert.equal(status, 201, JSON.stringify(grant));
  const paid = await control(m, 'deposits', { address: grant.address.address, amount: '0.002', outcome: 'confirmed' });
  assert.equal(paid.status, 201, await paid.clone().text());
  await m.sandbox.sandbox.callbacks.idle();
  m.clock.advance(CONFIRMATION_MS);
  await m.sandbox.sandbox.callbacks.idle();
  return grant;
}

describe('toNodeHandler in Express', () => {
  it('takes a sandbox payment to paid: proxy and sandbox mounted with app.use, callbacks through Express', async () => {
    const m = await startMerchant(expressMount);
    const bearer = await token();
    const config = await api<{ currencies: unknown[] }>(m, bearer, 'GET', 'config');
    assert.equal(config.status, 200);
    assert.ok(config.json.currencies.length > 0);

    const grant = await payOrder(m, '1042');
    assert.deepEqual(
      m.told.map((s) => [s.order_id, s.status]),
      [
        ['1042', 'pending'],
        ['1042', 'paid'],
      ],
    );
    const poll = (await (await fetch(`${m.url}/coinspaid/${grant.follow.poll}`)).json()) as PaymentPoll;
    assert.deepEqual(
      poll.events.map((e) => e.status),
      ['not_confirmed', 'confirmed'],
    );
    // The rest of the app is untouched.
    assert.equal(await (await fetch(`${m.url}/`)).text(), 'the shop');
  });

  it('streams payment events (Server-Sent Events) through Express as they happen', async () => {
    const m = await startMerchant(expressMount);
    const bearer = await token({ order_id: '7', amount: '0.002', amount_currency: 'BTC' });
    const { json: grant } = await api<AddressGrant>(m, bearer, 'POST', 'addresses', { currency: 'BTC' });
    const stream = await fetch(`${m.url}/coinspaid/${grant.follow.stream}`);
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    await control(m, 'deposits', { address: grant.address.address, amount: '0.002', outcome: 'pending' });
    let text = '';
    while (!/event: payment[\s\S]*not_confirmed/.test(text)) {
      const { value, done } = await reader.read();
      assert.ok(!done, 'the stream stays open until the event');
      text += value;
    }
    await reader.cancel();
  });

  it('sees the path the browser asked for: the embed page loads its scripts under the mount, however deep', async () => {
    const m = await startMerchant(
      async ({ proxy, sandbox }) => {
        const app = express();
        const payments = express.Router();
        payments.use('/coinspaid', proxy);
        app.use('/shop/eu', payments);
        app.use('/sandbox', sandbox);
        return listening(createServer(app));
      },
      { proxy: '/shop/eu/coinspaid', sandbox: '/sandbox' },
    );
    const page = await fetch(`${m.url}/shop/eu/coinspaid/embed?${new URLSearchParams({ token: await token(), parent: ORIGIN })}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /src="\/shop\/eu\/coinspaid\/embed\/coinspaid-terminal\.min\.js"/);
    assert.match(html, /proxy="\/shop\/eu\/coinspaid"/);
    assert.equal((await fetch(`${m.url}/shop/eu/coinspaid/nothing`)).status, 404);
  });

  it('names the sandbox hosted invoice page under its mount', async () => {
    const m = await startMerchant(expressMount);
    const bearer = await token({
      order_id: 'inv-1',
      amount: '10',
      amount_currency: 'EUR',
      invoice: { title: 'Order', url_success: `${ORIGIN}/ok`, url_failed: `${ORIGIN}/failed`, email_user: 'a@shop.example' },
    });
    const { status, json } = await api<{ invoice: { url: string } }>(m, bearer, 'POST', 'invoices', {});
    assert.equal(status, 201, JSON.stringify(json));
    assert.ok(json.invoice.url.startsWith(`${m.url}/sandbox/invoice/`), json.invoice.url);
  });

  describe('after a body parser', () => {
    const withParserFirst =
      (json: Parameters<typeof express.json>[0] = {}): Mount =>
      async ({ proxy, sandbox }) => {
        const app = express();
        app.use('/sandbox', sandbox);
        app.use(express.json(json));
        app.use('/coinspaid', proxy);
        return listening(createServer(app));
      };

    it('answers a callback with the cause and the fix, never a signature error, and logs it once', async () => {
      const logged = mock.method(console, 'error', () => {});
      try {
        const m = await startMerchant(withParserFirst());
        const body = JSON.stringify({ id: 1, type: 'deposit', status: 'confirmed' });
        const send = () =>
          fetch(`${m.url}/coinspaid/callback`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-processing-key': API_KEY,
              'x-processing-signature': signPayload(API_SECRET, body),
            },
            body,
          });
        const answer = await send();
        assert.equal(answer.status, 500);
        const { errors, code } = (await answer.json()) as { errors: { body: string }; code: string };
        assert.equal(code, 'body_already_read');
        assert.match(errors.body, /already read by a body parser \(express\.json\(\)/);
        assert.match(errors.body, /before the body parser/);
        assert.match(errors.body, /req\.rawBody/);
        assert.doesNotMatch(errors.body, /signature/i);
        await send();
        assert.equal(logged.mock.callCount(), 1, 'one line in the log, not one per request');
        assert.match(String(logged.mock.calls[0]!.arguments[0]), /POST \/coinspaid\/callback: The request body was already read/);
      } finally {
        logged.mock.restore();
      }
    });

    it("refuses the widget's requests with a body the same way, and serves those without one", async () => {
      const logged = mock.method(console, 'error', () => {});
      try {
        const m = await startMerchant(withParserFirst());
        const bearer = await token();
        const address = await api<{ code: string }>(m, bearer, 'POST', 'addresses', { currency: 'BTC' });
        assert.equal(address.status, 500);
        assert.equal(address.json.code, 'body_already_read');
        assert.equal((await api(m, bearer, 'GET', 'config')).status, 200);
      } finally {
        logged.mock.restore();
      }
    });

    it('verifies callbacks from the raw bytes a parser kept in req.rawBody', async () => {
      const m = await startMerchant(
        withParserFirst({
          verify: (req, _res, buf) => {
            (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf;
          },
        }),
      );
      await payOrder(m, '9');
      assert.deepEqual(
        m.told.map((s) => s.status),
        ['pending', 'paid'],
      );
    });
  });
});

describe('toNodeHandler elsewhere', () => {
  it('Connect: mounted with use(path), it serves the widget and takes callbacks', async () => {
    const m = await startMerchant(async ({ proxy, sandbox }) => {
      const app = connect();
      app.use('/coinspaid', proxy);
      app.use('/sandbox', sandbox);
      return listening(createServer(app));
    });
    const page = await (await fetch(`${m.url}/coinspaid/embed?${new URLSearchParams({ token: await token(), parent: ORIGIN })}`)).text();
    assert.match(page, /src="\/coinspaid\/embed\/coinspaid-terminal\.min\.js"/);
    await payOrder(m, 'c-1');
    assert.deepEqual(
      m.told.map((s) => s.status),
      ['pending', 'paid'],
    );
  });

  it('Fastify with @fastify/middie: runs before Fastify parses the body, so callbacks verify', async () => {
    const m = await startMerchant(async ({ proxy, sandbox }) => {
      const fastify = Fastify();
      await fastify.register(middie);
      fastify.use('/coinspaid', proxy);
      fastify.use('/sandbox', sandbox);
      fastify.post('/orders', async (request: { body: unknown }) => ({ parsed: request.body }));
      await fastify.listen({ port: 0, host: '127.0.0.1' });
      return { url: `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`, close: () => fastify.close() };
    });
    await payOrder(m, 'f-1');
    assert.deepEqual(
      m.told.map((s) => s.status),
      ['pending', 'paid'],
    );
    const own = await fetch(`${m.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    assert.deepEqual(await own.json(), { parsed: { a: 1 } }, "Fastify's own routes still get their parsed body");
  });

  it('node:http: proxy and sandbox composed in one Hono app, the rest of the server left alone', async () => {
    const m = await startMerchant(
      async ({ proxy }) =>
        listening(
          createServer((req, res) => {
            if (req.url?.startsWith('/coinspaid/') || req.url?.startsWith('/sandbox/')) return void proxy(req, res);
            res.end('the shop');
          }),
        ),
      undefined,
      (proxy, sandbox) => {
        const payments = toNodeHandler(new Hono().route('/coinspaid', proxy).route('/sandbox', sandbox));
        return { proxy: payments, sandbox: payments };
      },
    );
    await payOrder(m, 'h-1');
    assert.deepEqual(
      m.told.map((s) => s.status),
      ['pending', 'paid'],
    );
    assert.equal(await (await fetch(`${m.url}/`)).text(), 'the shop');
  });
});
