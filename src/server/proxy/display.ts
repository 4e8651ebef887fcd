/**
 * What a customer must know about a currency that CoinsPaid's currencies/list does not say: its name, the chain of
 * a multi-network token (a payment on the wrong chain is lost) and whether a destination tag is mandatory.
 */
export interface CurrencyDisplay {
  name: string;
  network: string | null;
  requires_tag: boolean;
}

const DISPLAY: Record<string, CurrencyDisplay> = {
  BTC: { name: 'Bitcoin', network: null, requires_tag: false },
  LTC: { name: 'Litecoin', network: null, requires_tag: false },
  BCH: { name: 'Bitcoin Cash', network: null, requires_tag: false },
  DOGE: { name: 'Dogecoin', network: null, requires_tag: false },
  ETH: { name: 'Ether', network: 'Ethereum', requires_tag: false },
  USDTE: { name: 'Tether USD', network: 'Ethereum (ERC-20)', requires_tag: false },
  USDTT: { name: 'Tether USD', network: 'TRON (TRC-20)', requires_tag: false },
  XRP: { name: 'XRP', network: 'XRP Ledger', requires_tag: true },
  BNB: { name: 'BNB', network: 'BNB Beacon Chain', requires_tag: true },
  XLM: { name: 'Stellar Lumens', network: 'Stellar', requires_tag: true },
  EOS: { name: 'EOS', network: 'EOS', requires_tag: true },
  EUR: { name: 'Euro', network: null, requires_tag: false },
  USD: { name: 'US Dollar', network: null, requires_tag: false },
};

export function currencyDisplay(
  code: string,
  fromApi: { network?: string | undefined; requires_tag?: boolean | undefined } = {},
): CurrencyDisplay {
  const known = DISPLAY[code];
  return {
    name: known?.name ?? code,
    network: fromApi.network ?? known?.network ?? null,
    requires_tag: fromApi.requires_tag ?? known?.requires_tag ?? false,
  };
}
