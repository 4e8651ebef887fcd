import { Hono } from 'hono';
import type { Currency, CurrencyPair } from '../../../core/api-types.js';
import { valueAt } from '../../../core/amount.js';
import { currencyFacts } from '../../../core/currencies.js';
import type { CheckoutView, WidgetConfig, WidgetCurrency, WidgetPair } from '../../../core/wire.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { requireToken } from '../require-token.js';
import type { VerifiedCheckout } from '../tokens.js';

/**
 * A currency as the widget shows it: CoinsPaid's figures, and what a customer must know (name, network, tag) from
 * CoinsPaid's list where it says so, else from src/core/currencies.ts.
 */
function widgetCurrency(currency: Currency, minimumValue: string | null): WidgetCurrency {
  const known = currencyFacts(currency.currency);
  return {
    currency: currency.currency,
    name: known?.name ?? currency.currency,
    network: currency.network ?? known?.network ?? null,
    requires_tag: currency.requires_tag ?? known?.requires_tag ?? false,
    type: currency.type,
    precision: currency.precision,
    min_amount: currency.minimum_amount,
    deposit_fee_percent: currency.deposit_fee_percent,
    minimum_value: minimumValue,
  };
}

/**
 * What the smallest deposit of `currency` this checkout accepts is worth in its price's currency: a currency whose
 * minimum is above the price cannot pay it, and the widget says so before the customer picks it.
 */
async function minimumValue(
  ctx: ProxyContext,
  checkout: VerifiedCheckout,
  currency: Currency,
  pairs: CurrencyPair[],
): Promise<string | null> {
  const priceCurrency = checkout.amount_currency;
  if (currency.type !== 'crypto' || !priceCurrency) return null;
  const pair = checkout.convert_to
    ? pairs.find((p) => p.currency_from.currency === currency.currency && p.currency_to.currency === checkout.convert_to)
    : undefined;
  const minimum = pair?.currency_from.min_amount_deposit_with_exchange ?? currency.minimum_amount;
  if (priceCurrency === currency.currency) return minimum;
  const price = await ctx.catalogue.indicativePrice(currency.currency, priceCurrency);
  const precision = currencyFacts(priceCurrency)?.precision ?? 2;
  return price ? valueAt(minimum, price, precision) : null;
}

function widgetPair(pair: CurrencyPair): WidgetPair {
  return {
    from: pair.currency_from.currency,
    to: pair.currency_to.currency,
    min_amount: pair.currency_from.min_amount ?? null,
    min_amount_deposit_with_exchange: pair.currency_from.min_amount_deposit_with_exchange ?? null,
  };
}

/** What the widget may know of its token: what it displays, never the foreign_id or the customer's email. */
function checkoutView(checkout: VerifiedCheckout): CheckoutView {
  const { invoice } = checkout;
  return {
    order_id: checkout.order_id ?? null,
    currencies: checkout.currencies ?? null,
    convert_to: checkout.convert_to ?? null,
    amount: checkout.amount ?? null,
    amount_currency: checkout.amount_currency ?? null,
    url_back: checkout.url_back ?? null,
    expires_at: checkout.exp,
    invoice: invoice
      ? {
          title: invoice.title,
          description: invoice.description ?? null,
          timer: invoice.timer,
          sender_currency: invoice.sender_currency ?? null,
          url_success: invoice.url_success,
          url_failed: invoice.url_failed,
        }
      : null,
  };
}

/** `GET /config`: the currencies and pairs this checkout may use, and what the widget may know of its token. */
export function configRoutes(ctx: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  app.get('/config', requireToken(ctx), async (c) => {
    const checkout = c.get('checkout');
    const { currencies, pairs } = await ctx.catalogue.get();
    const allowed = (code: string) => !checkout.currencies || checkout.currencies.includes(code);
    const body: WidgetConfig = {
      currencies: await Promise.all(
        currencies
          .filter((cur) => cur.type === 'fiat' || allowed(cur.currency))
          .map(async (cur) => widgetCurrency(cur, await minimumValue(ctx, checkout, cur, pairs))),
      ),
      pairs: pairs
        .filter((p) => allowed(p.currency_from.currency) && (!checkout.convert_to || p.currency_to.currency === checkout.convert_to))
        .map(widgetPair),
      checkout: checkoutView(checkout),
    };
    c.header('Cache-Control', 'private, max-age=60');
    return c.json(body);
  });
  return app;
}
