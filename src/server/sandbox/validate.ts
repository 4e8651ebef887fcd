import { validatePayoutAddress } from '../../core/address-validation/index.js';
import { CURRENCY_CODE, isHttpUrl, isPositiveDecimal } from '../../core/validators.js';
import { findCurrency, isExchangeable } from './catalogue.js';

/**
 * Field checks in CoinsPaid's own wording ("The foreign id field is required."). Each check records at most one
 * message per field, like Laravel's validator behind the real API, and never throws on odd input.
 */
export class FieldErrors {
  readonly errors: Record<string, string> = {};

  get any(): boolean {
    return Object.keys(this.errors).length > 0;
  }

  add(field: string, message: string): void {
    this.errors[field] ??= message;
  }

  /** A required (or optional) non-empty string of at most `max` characters. */
  string(body: Record<string, unknown>, field: string, { required = true, max = 255 } = {}): string | undefined {
    const value = body[field];
    const label = field.replace(/_/g, ' ');
    // Laravel trims input before `required`: a blank string is a missing one.
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (required) this.add(field, `The ${label} field is required.`);
      return undefined;
    }
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') {
      this.add(field, `The ${label} must be a string.`);
      return undefined;
    }
    if (value.length > max) {
      this.add(field, `The ${label} may not be greater than ${max} characters.`);
      return undefined;
    }
    return value;
  }

  currency(body: Record<string, unknown>, field: string, { required = true } = {}): string | undefined {
    const value = this.string(body, field, { required, max: 16 });
    if (value === undefined) return undefined;
    if (!CURRENCY_CODE.test(value) || !findCurrency(value)) {
      this.add(field, `The selected ${field.replace(/_/g, ' ')} is invalid.`);
      return undefined;
    }
    return value;
  }

  /** A positive decimal amount given as a string (numbers are tolerated, as CoinsPaid does). */
  amount(body: Record<string, unknown>, field: string, { required = true } = {}): string | undefined {
    const raw = body[field];
    const label = field.replace(/_/g, ' ');
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (required) this.add(field, `The ${label} field is required.`);
      return undefined;
    }
    const value = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
    if (typeof value !== 'string' || !isPositiveDecimal(value)) {
      this.add(field, `The ${label} must be a positive number.`);
      return undefined;
    }
    return value;
  }

  boolean(body: Record<string, unknown>, field: string, { required = true } = {}): boolean | undefined {
    const value = body[field];
    if (value === undefined || value === null) {
      if (required) this.add(field, `The ${field.replace(/_/g, ' ')} field is required.`);
      return undefined;
    }
    if (value === true || value === 1 || value === '1' || value === 'true') return true;
    if (value === false || value === 0 || value === '0' || value === 'false') return false;
    this.add(field, `The ${field.replace(/_/g, ' ')} field must be true or false.`);
    return undefined;
  }

  url(body: Record<string, unknown>, field: string): string | undefined {
    const value = this.string(body, field, { max: 2048 });
    if (value !== undefined && !isHttpUrl(value)) {
      this.add(field, `The ${field.replace(/_/g, ' ')} format is invalid.`);
      return undefined;
    }
    return value;
  }

  email(body: Record<string, unknown>, field: string): string | undefined {
    const value = this.string(body, field);
    if (value !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      this.add(field, `The ${field.replace(/_/g, ' ')} must be a valid email address.`);
      return undefined;
    }
    return value;
  }

  /**
   * A withdrawal's destination: a valid mainnet address of `currency` (format, checksum, network), with a valid tag
   * where one is given, checked by the same validation as the payout-address form. A missing tag is allowed: the
   * wallet may be the customer's own, and CoinsPaid cannot know it needs one.
   */
  payoutAddress(currency: string, address: string, tag: string | undefined): void {
    const result = validatePayoutAddress(currency, address, tag, { noTagNeeded: true });
    if (result.valid || result.problem === 'unsupported_currency') return;
    if (result.field === 'tag') this.add('tag', `The tag is invalid: ${result.message}`);
    else this.add('address', `The address is not a valid ${currency} address: ${result.message}`);
  }

  pair(fromField: string, from: string | undefined, to: string | undefined): void {
    if (from && to && !isExchangeable(from, to)) this.add(fromField, 'Exchange is unavailable for given currencies');
  }
}
