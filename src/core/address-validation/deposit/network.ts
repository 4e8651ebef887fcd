import type { PayoutTagKind } from '../types.js';

/** A valid main-network address (with the tag an X-address carries), or false. */
export type Verdict = false | { tag?: string };

/**
 * One network's part of the deposit check (../deposit.ts), a chunk of its own in the script build: an address view
 * loads the one network it shows.
 */
export interface NetworkCheck {
  /** Whether `input` is a valid main-network address of this network. */
  parse(input: string): Verdict | Promise<Verdict>;
  /** The canonical form of a tag of `kind`, or false when the network would refuse it (networks with tags only). */
  tag?(kind: PayoutTagKind, tag: string): string | false;
}
