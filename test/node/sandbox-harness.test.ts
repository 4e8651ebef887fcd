/** The sandbox tests' own manual clock (test/helpers/manual-clock.ts): the other sandbox suites rely on it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../helpers/manual-clock.js';

describe('sandbox test harness: manual clock', () => {
  it('runs timers in due order only when advanced past them', () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 200);
    clock.setTimeout(() => fired.push('a'), 100);
    const cancelled = clock.setTimeout(() => fired.push('never'), 150);
    clock.clearTimeout(cancelled);
    clock.advance(99);
    assert.deepEqual(fired, []);
    clock.advance(101);
    assert.deepEqual(fired, ['a', 'b']);
    assert.equal(clock.now(), 1200);
    assert.equal(clock.pendingTimers, 0);
  });

  it('fires timers scheduled by timers within the same advance, at their own due time', () => {
    const clock = new ManualClock(0);
    const at: number[] = [];
    clock.setTimeout(() => {
      at.push(clock.now());
      clock.setTimeout(() => at.push(clock.now()), 50);
    }, 50);
    clock.advance(1000);
    assert.deepEqual(at, [50, 100]);
  });
});
