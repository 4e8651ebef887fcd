import { expect } from '@open-wc/testing';
import { createElement, createRef } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import {
  CoinsPaidTerminal,
  CoinsPaidTerminalElement,
  type CoinsPaidTerminalEventProps,
  type CoinsPaidTerminalProps,
  type PaidEvent,
} from '../../src/react/index.js';
import {
  CopyEvent,
  EVENT_NAMES,
  PaidEvent as PaidEventClass,
  StatusChangedEvent,
  type TerminalEventName,
} from '../../src/element/events.js';
import type { PaymentEvent } from '../../src/core/wire.js';
import { orderSettlement } from '../helpers/settlement-fixture.js';

const payment: PaymentEvent = {
  id: '1',
  kind: 'deposit',
  status: 'confirmed',
  payment_id: 7,
  sent: { currency: 'BTC', amount: '0.001' },
  remaining: null,
  expires_at: null,
  received: { currency: 'EUR', amount: '106.75' },
  txid: 'ab',
  confirmations: 2,
  error: '',
  at: 1,
  settlement: null,
};

const settlement = orderSettlement({
  status: 'paid',
  checkout_id: 'o:1042',
  order_id: '1042',
  expected: { amount: '106.75', currency: 'EUR' },
  received: { amount: '106.75', currency: 'EUR' },
});
const paidDetail = { payment, txid: 'ab', settlement };

describe('coinspaid-terminal/react', () => {
  let container: HTMLElement;
  let root: Root;
  const render = (props: CoinsPaidTerminalProps) => flushSync(() => root.render(createElement(CoinsPaidTerminal, props)));

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });
  afterEach(() => {
    root.unmount();
    container.remove();
  });

  it('renders the element and sets its props as properties (no proxy: it stays idle)', () => {
    const ref = createRef<CoinsPaidTerminalElement>();
    render({
      ref,
      token: 't',
      amount: '106.75',
      amountCurrency: 'EUR',
      convertTo: 'EUR',
      mode: 'address',
      theme: 'dark',
      redirect: true,
      className: 'pay',
      lang: 'de',
    });
    const el = container.querySelector('coinspaid-terminal')!;
    expect(el).to.be.instanceOf(CoinsPaidTerminalElement);
    expect(ref.current).to.equal(el);
    expect(el.token).to.equal('t');
    expect(el.amountCurrency).to.equal('EUR');
    expect(el.convertTo).to.equal('EUR');
    expect(el.theme).to.equal('dark');
    expect(el.redirect).to.equal(true);
    expect(el.className).to.equal('pay');
    expect(el.lang).to.equal('de');
    // Properties, not camelCase attributes.
    expect(el.hasAttribute('amountCurrency')).to.equal(false);
  });

  it("calls the typed on… props with the element's events, follows a new handler and drops a removed one", () => {
    const paid: PaidEvent[] = [];
    const statuses: string[] = [];
    render({
      token: 't',
      onCoinspaidPaid: (event) => paid.push(event),
      onCoinspaidStatusChanged: (event) => statuses.push(event.detail.status),
    });
    const el = container.querySelector('coinspaid-terminal')!;
    el.dispatchEvent(new PaidEventClass(paidDetail));
    el.dispatchEvent(new StatusChangedEvent({ status: 'confirmed', previous: 'waiting', payment }));
    expect(paid).to.have.length(1);
    expect(paid[0]!.detail.payment?.received?.amount).to.equal('106.75');
    expect(paid[0]!.detail.settlement.order_id).to.equal('1042');
    expect(statuses).to.deep.equal(['confirmed']);

    const copies: string[] = [];
    render({ token: 't', onCoinspaidCopy: (event) => copies.push(event.detail.what) });
    el.dispatchEvent(new PaidEventClass(paidDetail));
    el.dispatchEvent(new CopyEvent({ what: 'address', value: 'bc1' }));
    expect(paid).to.have.length(1);
    expect(copies).to.deep.equal(['address']);
  });

  it('has an on… prop for every event of the element, named after it', () => {
    // Written out: the props are derived from EVENT_NAMES, and their names are the wrapper's API.
    const props: Record<keyof CoinsPaidTerminalEventProps, TerminalEventName> = {
      onCoinspaidAddressReady: 'coinspaid-address-ready',
      onCoinspaidInvoiceReady: 'coinspaid-invoice-ready',
      onCoinspaidRedirect: 'coinspaid-redirect',
      onCoinspaidRateUpdated: 'coinspaid-rate-updated',
      onCoinspaidStatusChanged: 'coinspaid-status-changed',
      onCoinspaidPaid: 'coinspaid-paid',
      onCoinspaidExpired: 'coinspaid-expired',
      onCoinspaidRestart: 'coinspaid-restart',
      onCoinspaidError: 'coinspaid-error',
      onCoinspaidCopy: 'coinspaid-copy',
      onCoinspaidPayoutAddress: 'coinspaid-payout-address',
    };
    expect(Object.values(props).sort()).to.deep.equal([...EVENT_NAMES].sort());
    const heard: string[] = [];
    const handlers = Object.fromEntries(Object.keys(props).map((prop) => [prop, (event: Event) => heard.push(event.type)]));
    render({ token: 't', ...handlers });
    const el = container.querySelector('coinspaid-terminal')!;
    for (const name of EVENT_NAMES) el.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail: {} }));
    expect(heard).to.deep.equal([...EVENT_NAMES]);
  });

  it('hears events fired from inside the shadow root (bubbling, composed)', () => {
    const copies: string[] = [];
    render({ token: 't', onCoinspaidCopy: (event) => copies.push(event.detail.value) });
    const el = container.querySelector('coinspaid-terminal')!;
    const inner = document.createElement('span');
    el.shadowRoot!.append(inner);
    inner.dispatchEvent(new CopyEvent({ what: 'amount', value: '0.001' }));
    expect(copies).to.deep.equal(['0.001']);
  });
});
