import type { TerminalParams } from './api-types.js';
import { CURRENCY_CODE, isHttpUrl, isPositiveDecimal } from './validators.js';

/**
 * Validation of the hosted Payment Terminal's parameters (reference: "Payment terminal JSON parameters").
 * Shared by the server (which signs) and the browser (which may check a customer's choice before asking).
 */

export const MAX_FOREIGN_ID_LENGTH = 255;

const KNOWN_KEYS: ReadonlySet<string> = new Set(['client_id', 'currency', 'amount', 'convert_to', 'is_iframe', 'foreign_id', 'url_back']);

/**
 * Checks terminal parameters against the reference table. Returns CoinsPaid-style field errors; empty when valid.
 * Unknown keys are errors too: the signed JSON carries exactly what the table allows.
 */
export function terminalParamsErrors(params: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const key of Object.keys(params)) {
    if (!KNOWN_KEYS.has(key) && params[key] !== undefined) errors[key] = `The ${key} parameter is not a Payment Terminal parameter.`;
  }
  const { client_id, currency, amount, convert_to, is_iframe, foreign_id, url_back } = params;
  if (client_id === undefined) errors['client_id'] = 'The client id field is required.';
  else if (typeof client_id !== 'number' || !Number.isSafeInteger(client_id) || client_id <= 0)
    errors['client_id'] = 'The client id must be a positive integer.';
  if (currency === undefined) errors['currency'] = 'The currency field is required.';
  else if (typeof currency !== 'string' || !CURRENCY_CODE.test(currency))
    errors['currency'] = 'The currency must be an ISO code such as BTC.';
  if (amount !== undefined && (typeof amount !== 'string' || !isPositiveDecimal(amount))) {
    errors['amount'] = 'The amount must be a positive decimal string such as "3500" or "0.015".';
  }
  if (convert_to !== undefined) {
    if (typeof convert_to !== 'string' || !CURRENCY_CODE.test(convert_to))
      errors['convert_to'] = 'The convert to must be an ISO code such as EUR.';
    else if (convert_to === currency) errors['convert_to'] = 'The convert to must differ from the currency.';
  }
  if (is_iframe !== undefined && typeof is_iframe !== 'boolean') errors['is_iframe'] = 'The is iframe field must be true or false.';
  if (foreign_id === undefined || foreign_id === '') errors['foreign_id'] = 'The foreign id field is required.';
  else if (typeof foreign_id === 'number') {
    // The terminal documentation's own example signs `"foreign_id":111`: a whole number is a foreign id too.
    if (!Number.isSafeInteger(foreign_id) || foreign_id < 0)
      errors['foreign_id'] = 'A numeric foreign id must be a whole number of at least 0.';
  } else if (typeof foreign_id !== 'string' || foreign_id.length > MAX_FOREIGN_ID_LENGTH) {
    errors['foreign_id'] = `The foreign id must be a string of at most ${MAX_FOREIGN_ID_LENGTH} characters.`;
  }
  if (url_back !== undefined && (typeof url_back !== 'string' || !isHttpUrl(url_back)))
    errors['url_back'] = 'The url back must be an https: or http: URL.';
  return errors;
}

/** The parameters in the reference table's order, without absent ones: the exact object that gets signed. */
export function canonicalTerminalParams(params: TerminalParams): TerminalParams {
  const order = ['client_id', 'currency', 'amount', 'convert_to', 'is_iframe', 'foreign_id', 'url_back'] as const;
  const ordered: Record<string, unknown> = {};
  for (const key of order) if (params[key] !== undefined) ordered[key] = params[key];
  return ordered as unknown as TerminalParams;
}
