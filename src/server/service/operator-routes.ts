import { Hono, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { bearerMatches } from '../proxy/merchant-key.js';
import { fieldErrors } from '../proxy/validation.js';
import type { DeliveryState, WebhookDelivery } from '../webhooks/types.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import type { ServiceMetrics } from './metrics.js';

type ErrorBody = { errors: Record<string, string>; code: string };

/** Bearer auth against one secret, compared in constant time; 401 in the proxy's error shape otherwise. */
export function requireBearer(key: string, realm: string): MiddlewareHandler {
  return async function requireBearer(c, next) {
    if (bearerMatches(c.req.header('authorization'), key)) return next();
    return c.json(
      { errors: { authorization: `A valid ${realm} is required (Authorization: Bearer …).` }, code: 'token_invalid' } satisfies ErrorBody,
      401,
      {
        'WWW-Authenticate': `Bearer realm="${realm}"`,
      },
    );
  };
}

const ListQuery = v.strictObject({
  state: v.optional(v.picklist(['pending', 'delivered', 'failed'] satisfies DeliveryState[], 'must be pending, delivered or failed')),
  order_id: v.optional(v.pipe(v.string(), v.maxLength(64, 'is too long'))),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,4}$/, 'must be a whole number'),
      v.transform(Number),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(500, 'must be at most 500'),
    ),
    '50',
  ),
});

/** A delivery as the log shows it: the record, with its body as the JSON it is. */
function shown(delivery: WebhookDelivery) {
  const { body, ...record } = delivery;
  return { ...record, message: JSON.parse(body) as unknown };
}

/**
 * The operator's view of webhooks, behind the merchant API key: `GET /webhooks/deliveries` (the log, newest first;
 * `?state=failed&order_id=…&limit=…`), `GET /webhooks/deliveries/:id`, and `POST /webhooks/:id/resend` (sends it
 * again now, same webhook-id, a fresh 72 hours of retries).
 */
export function webhookOperatorRoutes(webhooks: Webhooks, merchantApiKey: string): Hono {
  const app = new Hono();
  app.use('/webhooks/*', requireBearer(merchantApiKey, 'merchant API key'));
  app.get('/webhooks/deliveries', async (c) => {
    const parsed = v.safeParse(ListQuery, c.req.query());
    if (!parsed.success) return c.json({ errors: fieldErrors(parsed.issues), code: 'validation' } satisfies ErrorBody, 400);
    const { state, order_id, limit } = parsed.output;
    const deliveries = await webhooks.list({ limit, ...(state ? { state } : {}), ...(order_id !== undefined ? { order_id } : {}) });
    c.header('Cache-Control', 'no-store');
    return c.json({ deliveries: deliveries.map(shown) });
  });
  app.get('/webhooks/deliveries/:id', async (c) => {
    const delivery = await webhooks.get(c.req.param('id'));
    if (!delivery) return c.json({ errors: { id: 'No such delivery.' }, code: 'not_found' } satisfies ErrorBody, 404);
    c.header('Cache-Control', 'no-store');
    return c.json({ delivery: shown(delivery) });
  });
  app.post('/webhooks/:id/resend', async (c) => {
    const delivery = await webhooks.resend(c.req.param('id'));
    if (!delivery) return c.json({ errors: { id: 'No such delivery.' }, code: 'not_found' } satisfies ErrorBody, 404);
    return c.json({ delivery: shown(delivery) }, 202);
  });
  return app;
}

/** `GET /metrics` in Prometheus text format, behind METRICS_TOKEN when one is set. */
export function metricsRoutes(metrics: ServiceMetrics, metricsToken: string | null): Hono {
  const app = new Hono();
  if (metricsToken) app.use('/metrics', requireBearer(metricsToken, 'metrics token'));
  app.get('/metrics', async (c) => {
    const { contentType, body } = await metrics.text();
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  });
  return app;
}
