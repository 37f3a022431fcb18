// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLastTaskRunner } from '../src/index';
import { BUDGETS, measureBundle, reexport } from './bench/bundleSize.mjs';

/** setTimeout calls allowed for one burst: ceil(burst length / delay) + 2. */
const BURST_CALLS = 100;
const BURST_GAP = 20;
const DELAY = 300;
const MAX_TIMERS_PER_BURST = Math.ceil((BURST_CALLS * BURST_GAP) / DELAY) + 2; // 9

describe('bundle budget (min+gzip, the pipeline of test/bench/bundleSize.mjs)', () => {
  it.each(BUDGETS)('export { %s } fits in %i bytes', async (names, bytes) => {
    const { gzip } = await measureBundle(reexport(names));
    expect(gzip).toBeLessThanOrEqual(bytes);
  });
});

describe('drafts cost nothing to an app that does not use them (D1)', () => {
  it('the bundle of { useAutosave } holds none of the draft code, and { useDraft } adds it', async () => {
    const marker = 'the draft store could not';
    const alone = await measureBundle(reexport('useAutosave'));
    const withDrafts = await measureBundle(reexport('useAutosave, useDraft'));
    expect(alone.code).not.toContain(marker);
    expect(alone.code).not.toContain('BroadcastChannel');
    expect(withDrafts.code).toContain(marker);
  });
});

describe('timer budget', () => {
  afterEach(() => {
    vi.restoreAllMocks(); // before setup.ts puts the real timers back, so the spy does not outlive them
  });

  it(`a burst of ${BURST_CALLS} run() calls ${BURST_GAP} ms apart with a ${DELAY} ms delay creates at most ${MAX_TIMERS_PER_BURST} timers and starts only the last task (R1, R2, R14)`, async () => {
    vi.useFakeTimers();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const runner = createLastTaskRunner<number>({ delay: DELAY });
    const task = vi.fn(({ seq }: { seq: number }) => seq);

    let last: ReturnType<typeof runner.run> | undefined;
    for (let i = 0; i < BURST_CALLS; i++) {
      last = runner.run(task);
      await vi.advanceTimersByTimeAsync(BURST_GAP);
    }
    await vi.advanceTimersByTimeAsync(DELAY);

    expect(await last).toEqual({ status: 'done', value: BURST_CALLS });
    expect(task).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(MAX_TIMERS_PER_BURST);
  });
});
