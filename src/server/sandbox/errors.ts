import type { FieldErrors } from './validate.js';

/**
 * A refusal in CoinsPaid's own shape, `{"errors":{field: message}}`, with its status. Thrown anywhere in the sandbox
 * (routes, the account) and turned into the answer in one place, the sandbox's onError.
 */
export class SandboxError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly errors: Record<string, string>,
  ) {
    super(Object.values(errors).join(' '));
    this.name = 'SandboxError';
  }
}

/** Throws the field errors collected so far as a 400, if there are any. */
export function assertValid(v: FieldErrors): void {
  if (v.any) throw new SandboxError(400, v.errors);
}
