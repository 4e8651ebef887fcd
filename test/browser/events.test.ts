import { expect } from '@open-wc/testing';
import { CopyEvent, ExpiredEvent, StatusChangedEvent, TerminalErrorEvent } from '../../src/element/events.js';
import { TerminalError } from '../../src/element/errors.js';
import { proxyError } from '../../src/element/proxy-client.js';

describe('events', () => {
  it('are prefixed, bubble and cross the shadow boundary, with a typed detail', () => {
    for (const event of [
      new CopyEvent({ what: 'address', value: 'x' }),
      new ExpiredEvent({ expiredAt: 1 }),
      new StatusChangedEvent({ status: 'waiting', previous: 'loading', payment: null }),
      new TerminalErrorEvent({ code: 'rate_unavailable', message: 'm', errors: {}, retryable: true }),
    ]) {
      expect(event.type).to.match(/^coinspaid-/);
      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(true);
    }
    const seen: string[] = [];
    const target = document.createElement('div');
    target.addEventListener('coinspaid-copy', (e) => seen.push(e.detail.what));
    target.dispatchEvent(new CopyEvent({ what: 'tag', value: '1' }));
    expect(seen).to.deep.equal(['tag']);
  });
});

describe('proxy error answers', () => {
  it('keep the proxy code, and name currency refusals plainly', () => {
    expect(proxyError({ errors: { token: 'expired' }, code: 'token_expired' }, 401).code).to.equal('token_expired');
    expect(proxyError({ errors: { currency: 'This checkout does not accept LTC.' }, code: 'forbidden_by_token' }, 403).code).to.equal(
      'currency_not_allowed',
    );
    const unknown = proxyError('<html>502</html>', 502);
    expect(unknown.code).to.equal('unexpected_response');
    expect(unknown).to.be.instanceOf(TerminalError);
    expect(proxyError({ errors: {}, code: 'rate_unavailable' }, 503).retryable).to.equal(true);
  });
});
