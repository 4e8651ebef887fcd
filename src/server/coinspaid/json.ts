import Big from 'big.js';

/**
 * Fields that carry money or rates. CoinsPaid's published examples sometimes send them as JSON numbers
 * (`"sender_amount": 1`); we turn those into decimal strings while parsing so nothing downstream ever
 * holds money in a float.
 */
export const AMOUNT_KEYS: ReadonlySet<string> = new Set([
  'amount',
  'amount_to',
  'amount_minus_fee',
  'remaining_amount',
  'balance',
  'sender_amount',
  'receiver_amount',
  'fee_amount',
  'price',
  'rate_from',
  'rate_to',
  'minimum_amount',
  'min_amount',
  'min_amount_deposit_with_exchange',
  'deposit_fee_percent',
  'withdrawal_fee_percent',
]);

/** A number as a plain decimal string (no exponent): 1e-7 → "0.0000001". */
export function decimalFromNumber(value: number): string {
  return new Big(value).toFixed();
}

/** JSON.parse that normalizes numeric amounts (see AMOUNT_KEYS) to decimal strings. Throws SyntaxError. */
export function parseJsonWithDecimalAmounts(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && AMOUNT_KEYS.has(key) ? decimalFromNumber(value) : value,
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
