import type { NetworkCheck } from './deposit/network.js';
import { payoutCurrencyRule } from './rules.js';
import type { PayoutNetwork } from './types.js';

/**
 * Whether an address may be shown as where to pay: the yes-or-no `<coinspaid-terminal>` asks of every address the
 * proxy hands it. The same answer as `validatePayoutAddress(currency, address, tag).valid` (index.ts), which
 * test/node/address-validation-deposit.test.ts holds it to on every vector, every generated address and their typos,
 * in a fraction of the bytes: no messages, no telling which network an address does belong to, no looking for
 * pasted secrets (none is a valid address), and each network's check (deposit/) loaded only for an address of that
 * network. SHA-256 is the browser's own (WebCrypto).
 */

const NETWORKS: Record<PayoutNetwork, () => Promise<NetworkCheck>> = {
  bitcoin: async () => (await import('./deposit/bitcoin-family.js')).bitcoin,
  litecoin: async () => (await import('./deposit/bitcoin-family.js')).litecoin,
  dogecoin: async () => (await import('./deposit/bitcoin-family.js')).dogecoin,
  'bitcoin-cash': async () => (await import('./deposit/bitcoin-cash.js')).bitcoinCash,
  ethereum: async () => (await import('./deposit/ethereum.js')).ethereum,
  tron: async () => (await import('./deposit/tron.js')).tron,
  'xrp-ledger': async () => (await import('./deposit/xrp-ledger.js')).xrpLedger,
  'bnb-beacon-chain': async () => (await import('./deposit/bnb-beacon-chain.js')).bnbBeaconChain,
  stellar: async () => (await import('./deposit/stellar.js')).stellar,
  eos: async () => (await import('./deposit/eos.js')).eos,
};

/** The checks loaded so far (an import() per address is not free: node's loader, for one, is slow to answer). */
const loaded: Partial<Record<PayoutNetwork, NetworkCheck>> = {};

async function load(network: PayoutNetwork): Promise<NetworkCheck> {
  return (loaded[network] ??= await NETWORKS[network]());
}

/** Whether addresses of `currency` can be checked here (the payout validators know it). */
export const checksCurrency = (currency: string): boolean => !!payoutCurrencyRule(currency);

/** Starts loading the check of `currency`'s network, before its address is there to check. */
export function prepareDepositCheck(currency: string): void {
  const rule = payoutCurrencyRule(currency);
  if (rule) load(rule.network).catch(() => {}); // a failure shows when the address is checked
}

/**
 * True when `address` is a valid main-network address of `currency`'s network, with a valid tag where the currency
 * uses one (required: from `tag` or the X-address itself, the same if both) and none where it does not. False for
 * currencies whose addresses cannot be validated (payoutCurrencyRule is undefined for them).
 */
export async function isDepositAddress(currency: string, address: string, tag?: string | null): Promise<boolean> {
  const rule = payoutCurrencyRule(currency);
  const input = address.trim();
  if (!rule || input.length > 128) return false;
  const network = loaded[rule.network] ?? (await load(rule.network));
  const own = await network.parse(input);
  if (!own) return false;
  const entered = tag?.trim() ?? '';
  if (!rule.tag) return !entered;
  let canonical = own.tag;
  if (entered) {
    const checked = network.tag?.(rule.tag.kind, entered) ?? false;
    if (checked === false || (canonical !== undefined && canonical !== checked)) return false;
    canonical = checked;
  }
  return canonical !== undefined || !rule.tag.required;
}
