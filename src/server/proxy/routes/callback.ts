import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { processCallback } from '../callbacks.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { ProxyError } from '../errors.js';

/** Callbacks are larger than widget requests (an invoice lists its transactions); beyond this, nothing CoinsPaid sends. */
const MAX_CALLBACK_BYTES = 256 * 1024;

/**
 * `POST /callback`: CoinsPaid → proxy. Verified on its raw bytes, de-duplicated, handed to the merchant's handler, then
 * published to the widgets following the payment (src/server/proxy/callbacks.ts).
 */
export function callbackRoutes({ store, clock, settings, ledger, pricing }: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  app.post(
    '/callback',
    bodyLimit({
      maxSize: MAX_CALLBACK_BYTES,
      onError: () => {
        throw new ProxyError(413, 'payload_too_large', { body: 'The callback is too large.' });
      },
    }),
    async (c) => {
      let raw: Uint8Array;
      try {
        raw = new Uint8Array(await c.req.arrayBuffer());
      } catch (error) {
        // The sender hung up mid-upload: nothing to handle, nothing lost (CoinsPaid retries an unanswered callback).
        if (error instanceof ProxyError) throw error;
        console.warn(`coinspaid-terminal: a callback upload was cut off (${error instanceof Error ? error.message : String(error)})`);
        throw new ProxyError(400, 'callback_rejected', { callback: 'The callback body could not be read.' });
      }
      const { duplicate } = await processCallback(raw, c.req.raw.headers, {
        apiKey: settings.apiKey,
        apiSecret: settings.apiSecret,
        store,
        clock,
        ledger,
        pricing,
        ...(settings.onCallback ? { onCallback: settings.onCallback } : {}),
        ...(settings.outbox ? { outbox: settings.outbox } : {}),
        ...(settings.observer ? { observer: settings.observer } : {}),
      });
      return c.json({ ok: true, duplicate });
    },
  );
  return app;
}
