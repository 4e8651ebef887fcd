import { Hono } from 'hono';
import * as v from 'valibot';
import type { PaymentPoll } from '../../../core/wire.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { ProxyError } from '../errors.js';
import { corsHeaders } from '../cors.js';
import { openCapability, streamChannel } from '../follow.js';
import { parseOr400 } from '../validation.js';

/** Event ids are the clock in microseconds at least (store/types.ts): 16 digits. */
const EVENT_ID = /^\d{1,16}$/;
const PollQuery = v.strictObject({ after: v.optional(v.pipe(v.string(), v.regex(EVENT_ID, 'must be an event id'))) });

/**
 * Following a payment: `GET /follow/:capability/stream` (Server-Sent Events) and `GET /follow/:capability` (polling).
 * Authorized by the capability issued with the address or invoice, not by the token: EventSource cannot send headers.
 */
export function followRoutes({ store, clock, settings, streams, clientIp }: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();

  app.get('/follow/:capability/stream', (c) => {
    const channel = openCapability(settings.tokenSecret, c.req.param('capability'));
    const lastEventId = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? null;
    if (lastEventId !== null && !EVENT_ID.test(lastEventId))
      throw new ProxyError(400, 'validation', { last_event_id: 'The last event id must be an event id.' });
    const release = streams.admit(clientIp(c), channel);
    return streamChannel(c, channel, lastEventId, {
      store,
      clock,
      heartbeatMs: settings.heartbeatMs,
      maxAgeMs: settings.streamMaxAgeMs,
      // On Node the head goes out before the CORS middleware could add to it.
      headers: corsHeaders(c.req.header('origin'), settings.allowedOrigins),
      onClose: release,
      ...(settings.observer ? { observer: settings.observer } : {}),
    });
  });

  app.get('/follow/:capability', async (c) => {
    const channel = openCapability(settings.tokenSecret, c.req.param('capability'));
    const { after } = parseOr400(PollQuery, c.req.query());
    c.header('Cache-Control', 'no-store');
    return c.json({ events: await store.since(channel, after ?? null) } satisfies PaymentPoll);
  });

  return app;
}
