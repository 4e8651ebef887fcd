import type Big from 'big.js';
import type { CallbackFee, CryptoAddress, Exchange } from '../../core/api-types.js';
import { formatAmount, owed, percentOf } from './amounts.js';
import { findCurrency } from './catalogue.js';
import type { InvoiceRecord } from './invoices.js';
import type { WithdrawalRecord } from './withdrawals.js';

/**
 * The bodies of the callbacks the sandbox sends, one builder per kind, shaped (and key-ordered: the signature covers
 * the bytes) like the reference's examples. The account decides what happened; this module only writes it down.
 */

/** CoinsPaid-style confirmation counts for a final deposit. */
const CONFIRMATIONS: Record<string, number> = { BTC: 3, LTC: 6, BCH: 6, DOGE: 20, ETH: 12, USDTE: 12, USDTT: 19, XRP: 1 };

/** How many confirmations a confirmed transaction of `code` reports. */
export function finalConfirmations(code: string | null): number {
  return CONFIRMATIONS[code ?? ''] ?? 1;
}

export type DepositCallbackStatus = 'not_confirmed' | 'confirmed' | 'cancelled';

/** One customer transaction to a deposit address, as its callbacks describe it. */
export interface DepositTransaction {
  /** The callback's root id: CoinsPaid's "transaction" of this deposit, the same in each of its callbacks. */
  id: number;
  /** The id of its blockchain leg (transactions[0].id): another sequence than the root id. */
  transactionId: number;
  address: CryptoAddress;
  /** What the customer sent, in the address's currency. */
  amount: string;
  txid: string;
  /** What it is worth before fees: the amount itself, or for an exchange address the converted amount. */
  gross: string;
  /** What is credited once confirmed: gross less the fees. */
  net: string;
  fees: CallbackFee[];
  /** Id of the exchange leg of an exchange address's deposit. */
  exchangeId: number;
  /** The futures this deposit redeemed, if any: its callbacks then name it, as CoinsPaid's do. */
  futuresId: number | null;
}

/**
 * A deposit callback. Shaped like the reference's: currency_received.amount before fees and amount_minus_fee after
 * them, and for an exchange address a blockchain leg plus (once confirmed) an exchange leg.
 */
export function depositCallback(tx: DepositTransaction, status: DepositCallbackStatus, confirmations: number) {
  const to = tx.address.convert_to;
  const from = tx.address.currency;
  return {
    id: tx.id,
    type: to ? 'deposit_exchange' : 'deposit',
    crypto_address: tx.address,
    currency_sent: { currency: from, amount: tx.amount },
    // Until confirmed nothing is charged yet: the reference's not_confirmed example has no fees and
    // amount_minus_fee equal to amount.
    currency_received: { currency: to ?? from, amount: tx.gross, amount_minus_fee: status === 'confirmed' ? tx.net : tx.gross },
    transactions: [
      {
        id: tx.transactionId,
        currency: from,
        transaction_type: 'blockchain',
        type: 'deposit',
        address: tx.address.address,
        tag: tx.address.tag,
        amount: tx.amount,
        txid: tx.txid,
        riskscore: '0.1',
        // Most published callbacks carry confirmations as a string; the sandbox always does, so clients stay lenient.
        confirmations: String(confirmations),
      },
      ...(to && status === 'confirmed'
        ? [
            {
              id: tx.exchangeId,
              currency: from,
              currency_to: to,
              transaction_type: 'exchange',
              type: 'exchange',
              amount: tx.amount,
              amount_to: tx.gross,
            },
          ]
        : []),
    ],
    fees: status === 'confirmed' ? tx.fees : [],
    error: status === 'cancelled' ? 'Transaction was cancelled: double spend detected.' : '',
    status,
    // After status, as in the published futures deposit ("futures_id":95,"transaction_id":2688873): transaction_id
    // repeats the root id.
    ...(tx.futuresId !== null ? { futures_id: tx.futuresId, transaction_id: tx.id } : {}),
  };
}

/** The callback of a settled withdrawal; `ids` are those of its blockchain leg and, for withdrawal_exchange, its exchange leg. */
export function withdrawalCallback(
  w: WithdrawalRecord,
  outcome: 'confirmed' | 'cancelled',
  ids: { blockchain: number; exchange: number },
  txid: string,
) {
  const blockchain = {
    id: ids.blockchain,
    currency: w.receiver_currency,
    transaction_type: 'blockchain',
    type: 'withdrawal',
    address: w.address,
    tag: w.tag,
    amount: w.receiver_amount,
    txid: outcome === 'confirmed' ? txid : null,
    confirmations: outcome === 'confirmed' ? '1' : '0',
  };
  const exchangeLeg =
    w.type === 'withdrawal_exchange'
      ? [
          {
            id: ids.exchange,
            currency: w.sender_currency,
            currency_to: w.receiver_currency,
            transaction_type: 'exchange',
            type: 'exchange',
            amount: w.sender_amount,
            amount_to: w.receiver_amount,
          },
        ]
      : [];
  return {
    id: w.id,
    foreign_id: w.foreign_id,
    type: w.type,
    // As in the reference's withdrawal callbacks: the destination, with the currency that was sent from.
    crypto_address: {
      id: w.address_id,
      currency: w.sender_currency,
      ...(w.type === 'withdrawal_exchange' ? { convert_to: w.receiver_currency } : {}),
      address: w.address,
      tag: w.tag,
    },
    currency_sent: { currency: w.sender_currency, amount: w.sender_amount },
    currency_received: { currency: w.receiver_currency, amount: w.receiver_amount },
    transactions: [...exchangeLeg, blockchain],
    fees:
      outcome === 'confirmed' ? [{ type: 'mining', currency: w.receiver_currency, amount: formatAmount('0', w.receiver_currency) }] : [],
    error: outcome === 'cancelled' ? 'Withdrawal was cancelled.' : '',
    status: outcome,
  };
}

/** The confirmed callback of an exchange, with its one exchange transaction (`txId`) and the fee. */
export function exchangeCallback(x: Exchange, txId: number) {
  return {
    id: x.id,
    type: 'exchange',
    status: 'confirmed',
    error: '',
    foreign_id: x.foreign_id,
    currency_sent: { currency: x.sender_currency, amount: x.sender_amount },
    currency_received: { currency: x.receiver_currency, amount: x.receiver_amount },
    transactions: [
      {
        id: txId,
        currency: x.sender_currency,
        currency_to: x.receiver_currency,
        transaction_type: 'exchange',
        type: 'exchange',
        amount: x.sender_amount,
        amount_to: x.receiver_amount,
      },
    ],
    fees: [{ type: 'exchange', currency: x.fee_currency, amount: x.fee_amount }],
  };
}

/**
 * An invoice callback in the invoice's current status, shaped like the reference's: the expected sender amount with
 * remaining_amount, and every payment. `paid` is what the customer has sent so far (cancelled payments excluded).
 */
export function invoiceCallback(record: InvoiceRecord, paid: Big) {
  const currency = record.paid_currency;
  const confirmedTx = finalConfirmations(currency);
  return {
    id: record.id,
    foreign_id: record.foreign_id,
    type: 'invoice',
    ...(currency && record.address_id !== null
      ? {
          crypto_address: {
            id: record.address_id,
            currency,
            ...(currency !== record.currency ? { convert_to: record.currency } : {}),
            address: record.address,
            tag: record.tag,
          },
          currency_sent: {
            currency,
            amount: record.due_amount,
            remaining_amount: formatAmount(owed(record.due_amount!, paid), currency),
          },
        }
      : {}),
    currency_received: { currency: record.currency, amount: record.amount },
    transactions: record.payments.map((p) => ({
      id: p.id,
      currency: currency ?? record.currency,
      transaction_type: 'blockchain',
      type: 'deposit',
      address: record.address ?? '',
      tag: record.tag,
      amount: p.amount,
      txid: p.txid,
      confirmations: String(p.status === 'confirmed' ? confirmedTx : 0),
    })),
    fees:
      record.status === 'confirmed' && currency
        ? [{ type: 'fee_crypto_deposit', currency, amount: percentOf(paid, findCurrency(currency)!.deposit_fee_percent, currency) }]
        : [],
    error: record.error,
    status: record.status,
    fixed_at: record.fixed_at,
    expires_at: record.release_at,
  };
}
