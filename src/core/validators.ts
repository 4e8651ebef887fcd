/**
 * General validators shared by the browser and the server: currency codes, decimal amounts and http(s) URLs, as the
 * proxy's schemas, the checkout token's claims, the terminal parameters and the element all check them.
 */

export const CURRENCY_CODE = /^[A-Z0-9]{2,12}$/;
export const POSITIVE_DECIMAL = /^(0|[1-9]\d{0,17})(\.\d{1,18})?$/;

/** A decimal string greater than zero, with `.` as separator and no exponent or grouping. */
export function isPositiveDecimal(value: string): boolean {
  return POSITIVE_DECIMAL.test(value) && /[1-9]/.test(value);
}

/**
 * True for an absolute `https://` or `http://` URL; every other scheme (javascript:, data:, …) is refused, and so is
 * the scheme without `//` (`https:shop.example`), which the URL parser would accept but no merchant means.
 */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && URL.canParse(value);
}
