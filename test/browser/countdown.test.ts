import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import sinon from 'sinon';
import { CountdownController, formatClock } from '../../src/element/controllers/countdown-controller.js';
import { countdownMark } from '../../src/element/views/time-left.js';

class CountdownHost extends LitElement {
  ends = 0;
  ticks: number[] = [];
  countdown = new CountdownController(this, { onEnd: () => this.ends++, onTick: (s) => this.ticks.push(s) });
}
customElements.define('countdown-host', CountdownHost);

describe('CountdownController', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_700_000_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  it('computes time left from the deadline, whatever the ticks do', async () => {
    const host = await fixture<CountdownHost>(html`<countdown-host></countdown-host>`);
    host.countdown.start(Date.now() + 65_000, 65_000);
    expect(host.countdown.seconds).to.equal(65);
    expect(host.countdown.fraction).to.equal(1);
    clock.tick(1000);
    expect(host.countdown.seconds).to.equal(64);
    expect(host.ticks).to.deep.equal([64]);
    // A frozen tab: no tick for 30 s, then the clock jumps. Time left is still right.
    clock.setSystemTime(Date.now() + 30_000);
    expect(host.countdown.seconds).to.equal(34);
    expect(host.countdown.fraction).to.be.closeTo(34 / 65, 0.001);
  });

  it('ends once at the deadline', async () => {
    const host = await fixture<CountdownHost>(html`<countdown-host></countdown-host>`);
    host.countdown.start(Date.now() + 2500);
    clock.tick(2499);
    expect(host.ends).to.equal(0);
    clock.tick(1);
    expect(host.ends).to.equal(1);
    clock.tick(10_000);
    expect(host.ends).to.equal(1);
    expect(host.countdown.running).to.equal(false);
    expect(host.countdown.remaining).to.equal(0);
  });

  it('leaves no timer behind when the host leaves the page, and resumes when it returns', async () => {
    const host = await fixture<CountdownHost>(html`<countdown-host></countdown-host>`);
    host.countdown.start(Date.now() + 10_000);
    expect(clock.countTimers()).to.equal(1);
    const parent = host.parentNode!;
    host.remove();
    expect(clock.countTimers()).to.equal(0);
    clock.tick(20_000);
    expect(host.ends).to.equal(0);
    parent.appendChild(host);
    // The deadline passed while away: it ends as soon as it is back.
    expect(host.ends).to.equal(1);
  });
});

describe('countdown announcements (Adyen model)', () => {
  it('every 3 minutes above 5, every minute from 5 to 1, every 30 s in the last minute', () => {
    const marks: number[] = [];
    let previous = 15 * 60 + 1;
    for (let s = 15 * 60; s >= 0; s--) {
      const mark = countdownMark(previous, s);
      if (mark !== null) marks.push(mark);
      previous = s;
    }
    expect(marks).to.deep.equal([900, 720, 540, 360, 300, 240, 180, 120, 60, 30]);
  });

  it('reports the latest mark crossed when ticks were skipped', () => {
    expect(countdownMark(400, 100)).to.equal(120);
    expect(countdownMark(61, 45)).to.equal(60);
    expect(countdownMark(29, 0)).to.equal(null); // the end is announced by whoever handles it
  });

  it('formats m:ss', () => {
    expect(formatClock(65)).to.equal('1:05');
    expect(formatClock(0)).to.equal('0:00');
    expect(formatClock(59.2)).to.equal('1:00');
    // The locale's digits, as the amounts beside the countdown use them.
    expect(formatClock(65, 'ar-EG')).to.equal('١:٠٥');
    expect(formatClock(605, 'en')).to.equal('10:05');
  });
});
