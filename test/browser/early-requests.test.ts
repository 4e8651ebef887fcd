/**
 * Time to the QR: a deposit checkout whose currency is known as it connects asks for its rate and its address at
 * once, beside /config and the payment kit, not one after the other; what it shows is what those answers say, asked
 * once each; and an answer that failed is shown as the failure it is.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { control, describeStack } from './helpers/stack.js';
import { mount, qrContent, shownAddress, until } from './helpers/terminal.js';

interface Call {
  path: string;
  /** Whether /config had answered when this request was made. */
  afterConfig: boolean;
  startedAt: number;
  /** When its answer arrived. */
  endedAt?: number;
}

/** Records every request the page makes to the proxy, and whether /config had answered by then. */
function recordRequests(): Call[] {
  const calls: Call[] = [];
  let configAnswered = false;
  const real = window.fetch.bind(window);
  sinon.stub(window, 'fetch').callsFake(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(input instanceof Request ? input.url : String(input), location.href).pathname;
    const call: Call = { path, afterConfig: configAnswered, startedAt: performance.now() };
    calls.push(call);
    const answer = await real(input, init);
    call.endedAt = performance.now();
    if (path.endsWith('/config')) configAnswered = true;
    return answer;
  });
  return calls;
}

const asked = (calls: Call[], route: string) => calls.filter((c) => c.path.endsWith(`/coinspaid/${route}`));

describeStack('<coinspaid-terminal> asks for what it shows as early as it can', function () {
  this.timeout(10_000);
  afterEach(() => sinon.restore());

  it('with a preset currency: the rate and the address are asked for before /config has answered, once each', async () => {
    const calls = recordRequests();
    const el = await mount({ currency: 'BTC' }, { currencies: ['BTC'], convert_to: 'EUR', amount: '106.75', amount_currency: 'EUR' });
    await until(el, 'waiting');
    const [rate] = asked(calls, 'rates');
    const [address] = asked(calls, 'addresses');
    expect(asked(calls, 'config')).to.have.length(1);
    expect(rate?.afterConfig, 'the rate was asked for beside /config').to.equal(false);
    expect(address?.afterConfig, 'the address was asked for beside /config').to.equal(false);
    expect(asked(calls, 'rates')).to.have.length(1);
    expect(asked(calls, 'addresses')).to.have.length(1);
    // And what shows is that answer: the QR carries the address shown and an amount in BTC.
    expect(await qrContent(el)).to.match(new RegExp(`^BITCOIN:${shownAddress(el).toUpperCase()}\\?amount=0\\.\\d+$`));
  });

  it('with a currency to choose: the rate and the address together, once chosen', async () => {
    const calls = recordRequests();
    const el = await mount({}, { currencies: ['BTC', 'LTC'], amount: '106.75', amount_currency: 'EUR' });
    await until(el, 'choosing');
    expect(asked(calls, 'rates')).to.have.length(0);
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.choice')].find((b) => b.textContent!.includes('(LTC)'))!.click();
    await until(el, 'waiting');
    expect(asked(calls, 'rates')).to.have.length(1);
    expect(asked(calls, 'addresses')).to.have.length(1);
    // The address did not wait for the rate: it was asked for before the rate had answered.
    expect(asked(calls, 'addresses')[0]!.startedAt).to.be.below(asked(calls, 'rates')[0]!.endedAt!);
  });

  it('an address asked for early that failed is the error it was (Try again asks anew)', async () => {
    await control('faults', { endpoint: 'addresses/take', kind: '5xx', count: 1 });
    const calls = recordRequests();
    const el = await mount({ currency: 'BTC' }, { currencies: ['BTC'] });
    await until(el, 'error');
    expect(asked(calls, 'addresses')).to.have.length(1);
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Try again')!.click();
    await until(el, 'waiting');
    expect(asked(calls, 'addresses')).to.have.length(2);
  });
});
