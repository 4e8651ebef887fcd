/** The human-readable part of a bech32-looking string, lower case ('' without a separator). */
export const hrpOf = (input: string): string => input.slice(0, Math.max(0, input.lastIndexOf('1'))).toLowerCase();

/** Single case, at most 90 characters: what every bech32 string is before its checksum is worth computing. */
export const bech32Shape = (input: string): boolean =>
  (input === input.toLowerCase() || input === input.toUpperCase()) && input.length <= 90;
