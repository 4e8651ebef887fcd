/** The 13 endpoints of CoinsPaid API v2 the sandbox serves, by their path under /api/v2/. */
export const ENDPOINTS = [
  'ping',
  'currencies/list',
  'currencies/pairs',
  'currencies/rates',
  'accounts/list',
  'addresses/take',
  'withdrawal/crypto',
  'exchange/calculate',
  'exchange/fixed',
  'exchange/now',
  'futures/rates',
  'futures/confirm',
  'invoices/create',
] as const;

export type EndpointName = (typeof ENDPOINTS)[number];

/** What the API's middleware hands on to the routes. */
export interface ApiEnv {
  Variables: {
    /** The endpoint called, set by `knownEndpoint`. */
    endpoint: EndpointName;
    /** The verified, parsed request body, set by `jsonBody`. */
    body: Record<string, unknown>;
  };
}
