import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, expectTypeOf, test, vi } from 'vitest';
import * as api from '../../src/index';
import {
  type AutosaveStatus,
  createStatusBadge,
  type StatusBadge,
  type StatusBadgeOptions,
  type TaskStatus,
} from '../../src/index';
import { createBadge } from '../../src/core/createStatusBadge';
import * as core from '../../src/core/index';
import { measureBundle, reexport } from '../bench/bundleSize.mjs';
import { catchReportedErrors, unsafe, withFakeClock } from '../helpers/core';

// The clock starts at 0, so that `at(ms)` reads as a timeline: at(300) is 300 ms after the badge was made.
withFakeClock(0);

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Moves the fake clock to `ms` after the start, firing the timers due on the way. */
const at = (ms: number) => vi.advanceTimersByTime(ms - Date.now());

/** A badge with a listener that records what the badge showed each time it was called. */
function track<S extends string>(status: S, options?: StatusBadgeOptions) {
  const badge = createStatusBadge(status, options);
  const heard: (S | 'idle')[] = [];
  badge.subscribe(() => heard.push(badge.getSnapshot()));
  return { badge, heard };
}

const BUSY = ['pending', 'saving', 'running'] as const;
const SUCCESS = ['saved', 'done'] as const;
const CALM = ['idle', 'cancelled', 'offline'] as const;

describe('B1 status in, status out', () => {
  test('B1 the first status is shown as it is, whatever it is, with no timer for a calm one', () => {
    for (const status of [...BUSY, ...SUCCESS, ...CALM, 'error'] as const) {
      const badge = createStatusBadge<string>(status);
      expect(badge.getSnapshot(), status).toBe(status);
      badge.dispose();
    }
    createStatusBadge('idle');
    createStatusBadge('error');
    createStatusBadge('cancelled');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('B1 set() returns the status to show, and getSnapshot() says the same', () => {
    const badge = createStatusBadge<AutosaveStatus>('idle');
    expect(badge.set('cancelled')).toBe('cancelled');
    expect(badge.getSnapshot()).toBe('cancelled');
    expect(badge.set('saving')).toBe('cancelled');
    expect(badge.getSnapshot()).toBe('cancelled');
    expect(badge.set('error')).toBe('error');
    expect(badge.getSnapshot()).toBe('error');
  });

  test('B1 the type of what is shown is the type given, with idle: AutosaveStatus, TaskStatus, your own', () => {
    expectTypeOf(createStatusBadge<AutosaveStatus>('idle').set).returns.toEqualTypeOf<AutosaveStatus>();
    expectTypeOf(createStatusBadge<TaskStatus>('idle').getSnapshot).returns.toEqualTypeOf<TaskStatus>();
    type Mine = 'offline' | 'syncing' | 'synced';
    expectTypeOf(createStatusBadge<Mine>('offline').set).returns.toEqualTypeOf<Mine | 'idle'>();
    expectTypeOf(createStatusBadge('saving')).toEqualTypeOf<StatusBadge<'saving'>>();
    expectTypeOf<StatusBadgeOptions>().toEqualTypeOf<{ showAfter?: number; minVisible?: number; savedFor?: number }>();
  });

  test('B1 statuses of your own are calm: shown at once, never delayed, held or faded', () => {
    const { badge, heard } = track<string>('offline');
    expect(badge.set('syncing')).toBe('syncing');
    expect(badge.set('synced')).toBe('synced');
    at(100_000);
    expect(badge.getSnapshot()).toBe('synced');
    expect(heard).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('B2 showAfter', () => {
  test.each(BUSY)(
    'B2 %s is shown only once it has lasted showAfter (default 300 ms); the listener hears it',
    (busy) => {
      const { badge, heard } = track<string>('idle');
      expect(badge.set(busy)).toBe('idle');
      at(299);
      expect(badge.getSnapshot()).toBe('idle');
      expect(heard).toEqual([]);
      at(300);
      expect(badge.getSnapshot()).toBe(busy);
      expect(heard).toEqual([busy]);
    },
  );

  test('B2 a save that ends before showAfter is never shown: idle → saved, with no listener call', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('saving');
    at(299);
    expect(badge.set('saved')).toBe('saved');
    at(10_000);
    expect(heard).toEqual(['idle']); // the fade (B4), never 'saving'
  });

  test('B2 while a busy status waits, the badge keeps what it showed (here "Saved" and an error)', () => {
    const saved = createStatusBadge<AutosaveStatus>('saved');
    saved.set('pending');
    at(200);
    expect(saved.getSnapshot()).toBe('saved');
    const failed = createStatusBadge<AutosaveStatus>('error');
    expect(failed.set('saving')).toBe('error');
    at(499);
    expect(failed.getSnapshot()).toBe('error');
    at(500);
    expect(failed.getSnapshot()).toBe('saving');
  });

  test('B2 a stretch of busy statuses counts as one: pending at 0, saving at 200 → saving shown at 300', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('pending');
    at(200);
    badge.set('saving');
    at(299);
    expect(badge.getSnapshot()).toBe('idle');
    at(300);
    expect(heard).toEqual(['saving']);
  });

  test('B2 a shown busy status gives way to another busy one only once that one has lasted showAfter itself', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('pending');
    at(300);
    expect(badge.getSnapshot()).toBe('pending');
    at(800);
    badge.set('saving');
    at(1099);
    expect(badge.getSnapshot()).toBe('pending');
    at(1100);
    expect(heard).toEqual(['pending', 'saving']);
  });

  test('B2 "Unsaved changes" then a fast save: pending is shown, saving never, then saved', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('pending');
    at(800);
    badge.set('saving');
    at(850);
    expect(badge.set('saved')).toBe('saved');
    expect(heard).toEqual(['pending']);
  });

  test('B2 showAfter: 0 shows a busy status at once, without a timer; Infinity never shows it', () => {
    const now = createStatusBadge<AutosaveStatus>('idle', { showAfter: 0, minVisible: 0 });
    expect(now.set('saving')).toBe('saving');
    expect(vi.getTimerCount()).toBe(0);
    const never = createStatusBadge<AutosaveStatus>('idle', { showAfter: Infinity });
    expect(never.set('saving')).toBe('idle');
    expect(vi.getTimerCount()).toBe(0);
    at(1e12);
    expect(never.getSnapshot()).toBe('idle');
  });

  test('B2 a busy status that goes away and comes back starts its wait again', () => {
    const badge = createStatusBadge<TaskStatus>('idle');
    badge.set('running');
    at(200);
    badge.set('cancelled');
    badge.set('running');
    at(499);
    expect(badge.getSnapshot()).toBe('cancelled');
    at(500);
    expect(badge.getSnapshot()).toBe('running');
  });
});

describe('B3 minVisible', () => {
  test('B3 once shown, a busy status stays minVisible (default 500 ms) although the save has ended; then the status of that moment', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('saving');
    at(310);
    expect(badge.set('saved')).toBe('saving');
    at(799);
    expect(badge.getSnapshot()).toBe('saving');
    at(800);
    expect(heard).toEqual(['saving', 'saved']);
  });

  test('B3 statuses that come and go during the hold are skipped: only the one at its end is shown', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('saving');
    at(300);
    badge.set('saved');
    at(400);
    badge.set('pending');
    at(500);
    badge.set('cancelled');
    at(800);
    expect(heard).toEqual(['saving', 'cancelled']);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('B3 back to the shown busy status during the hold: nothing changes and no timer is left', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('saving');
    at(300);
    badge.set('saved');
    at(400);
    expect(badge.set('saving')).toBe('saving');
    expect(vi.getTimerCount()).toBe(0);
    at(5000);
    expect(heard).toEqual(['saving']);
  });

  test('B3 a busy status waiting at the end of the hold still needs its own showAfter', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('saving');
    at(300);
    badge.set('saved');
    at(700);
    badge.set('pending');
    at(800);
    expect(badge.getSnapshot()).toBe('saving');
    at(1000);
    expect(heard).toEqual(['saving', 'pending']);
  });

  test('B3 a first busy status is held from the start', () => {
    const badge = createStatusBadge<AutosaveStatus>('saving');
    badge.set('saved');
    at(499);
    expect(badge.getSnapshot()).toBe('saving');
    at(500);
    expect(badge.getSnapshot()).toBe('saved');
  });

  test('B3 minVisible: 0 shows the next status at once', () => {
    const badge = createStatusBadge<AutosaveStatus>('idle', { minVisible: 0 });
    badge.set('saving');
    at(300);
    expect(badge.set('saved')).toBe('saved');
  });
});

describe('B4 savedFor', () => {
  test.each(SUCCESS)('B4 %s turns idle savedFor (default 2000 ms) after it was shown', (success) => {
    const { badge, heard } = track<string>('running');
    at(1000);
    expect(badge.set(success)).toBe(success);
    at(2999);
    expect(badge.getSnapshot()).toBe(success);
    at(3000);
    expect(heard).toEqual(['idle']);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('B4 after a hold, the time counts from when "Saved" was shown, not from when the save ended', () => {
    const { badge, heard } = track<AutosaveStatus>('idle', { savedFor: 1000 });
    badge.set('saving');
    at(310);
    badge.set('saved');
    at(800);
    expect(heard).toEqual(['saving', 'saved']);
    at(1799);
    expect(badge.getSnapshot()).toBe('saved');
    at(1800);
    expect(heard).toEqual(['saving', 'saved', 'idle']);
  });

  test('B4 savedFor: Infinity keeps "Saved" with no timer; savedFor: 0 never shows it, with no timer', () => {
    const kept = createStatusBadge<AutosaveStatus>('idle', { savedFor: Infinity });
    expect(kept.set('saved')).toBe('saved');
    expect(vi.getTimerCount()).toBe(0);
    at(1e12);
    expect(kept.getSnapshot()).toBe('saved');
    const never = createStatusBadge<TaskStatus>('idle', { savedFor: 0 });
    expect(never.set('done')).toBe('idle');
    expect(vi.getTimerCount()).toBe(0);
    expect(createStatusBadge('saved', { savedFor: 0 }).getSnapshot()).toBe('idle');
  });

  test('B4 "Saved" fades on time while a busy status waits for its showAfter', () => {
    const { badge, heard } = track<AutosaveStatus>('saved');
    at(1900);
    badge.set('pending');
    at(2000);
    expect(badge.getSnapshot()).toBe('idle');
    at(2200);
    expect(heard).toEqual(['idle', 'pending']);
  });

  test('B4 a new "Saved" after a hidden save starts the time again', () => {
    const { badge, heard } = track<AutosaveStatus>('saved');
    at(1000);
    badge.set('saving');
    at(1100);
    expect(badge.set('saved')).toBe('saved');
    at(3099);
    expect(heard).toEqual([]);
    at(3100);
    expect(heard).toEqual(['idle']);
  });

  test('B4 a faded "Saved" stays idle; a change away and back shows it again', () => {
    const badge = createStatusBadge<AutosaveStatus>('saved');
    at(2000);
    expect(badge.set('saved')).toBe('idle');
    badge.set('cancelled');
    expect(badge.set('saved')).toBe('saved');
  });
});

describe('B5 errors at once', () => {
  test('B5 an error is shown by the set() that brings it, from any status, and cuts a hold short', () => {
    for (const before of [...BUSY, ...SUCCESS, ...CALM] as const) {
      const badge = createStatusBadge<string>(before);
      expect(badge.set('error'), before).toBe('error');
      badge.dispose();
    }
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('saving');
    at(310);
    expect(badge.set('error')).toBe('error');
    expect(vi.getTimerCount()).toBe(0);
    at(10_000);
    expect(heard).toEqual(['saving']);
  });

  test('B5 an error that arrives while a busy status waits is shown at once, and the wait is dropped', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('saving');
    at(100);
    expect(badge.set('error')).toBe('error');
    at(10_000);
    expect(heard).toEqual([]);
  });

  test('B5 an error never fades and holds no timer', () => {
    const badge = createStatusBadge<AutosaveStatus>('error', { savedFor: 10 });
    at(1e9);
    expect(badge.getSnapshot()).toBe('error');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('B5 after an error, the next status follows the rules: a retry shows after showAfter, "Saved" at once', () => {
    const badge = createStatusBadge<AutosaveStatus>('error');
    badge.set('saving');
    at(100);
    expect(badge.set('saved')).toBe('saved');
    badge.set('error');
    badge.set('saving');
    at(400);
    expect(badge.getSnapshot()).toBe('saving');
  });
});

describe('B6 calm statuses', () => {
  test.each(CALM)('B6 %s is shown at once, never fades, and holds no timer', (calm) => {
    const badge = createStatusBadge<string>('saved');
    expect(badge.set(calm)).toBe(calm);
    expect(vi.getTimerCount()).toBe(0);
    at(1e9);
    expect(badge.getSnapshot()).toBe(calm);
  });

  test('B6 during a hold a calm status waits for its end', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('saving');
    at(300);
    expect(badge.set('cancelled')).toBe('saving');
    at(800);
    expect(heard).toEqual(['saving', 'cancelled']);
  });
});

describe('B7 options and bad input', () => {
  const rejects = (options: unknown): unknown => {
    try {
      createStatusBadge('idle', unsafe<StatusBadgeOptions>(options));
    } catch (error) {
      return error;
    }
    return undefined;
  };

  test.each(['showAfter', 'minVisible', 'savedFor'])(
    'B7 a bad %s throws a RangeError naming the option and the value',
    (name) => {
      for (const [bad, shown] of [
        [NaN, 'NaN'],
        [-1, '-1'],
        [-Infinity, '-Infinity'],
        ['300', '"300"'],
        [null, 'null'],
        [true, 'true'],
      ] as const) {
        const error = rejects({ [name]: bad });
        expect(error, `${name}: ${shown}`).toBeInstanceOf(RangeError);
        expect(String(error)).toContain(`${name} must be a number >= 0 or Infinity, got ${shown}`);
      }
    },
  );

  test('B7 options that are not an object throw a TypeError; undefined options and values count as not given', () => {
    expect(rejects(300)).toBeInstanceOf(TypeError);
    expect(String(rejects('fast'))).toContain('options must be an object, got "fast"');
    expect(rejects(undefined)).toBeUndefined();
    const badge = createStatusBadge<AutosaveStatus>(
      'idle',
      unsafe<StatusBadgeOptions>({ showAfter: undefined, minVisible: undefined, savedFor: undefined }),
    );
    badge.set('saving');
    at(300);
    expect(badge.getSnapshot()).toBe('saving');
  });

  test('B7 a status that is not a string throws a TypeError naming it, and leaves the badge as it was', () => {
    expect(() => createStatusBadge(unsafe<string>(undefined))).toThrow(TypeError);
    const badge = createStatusBadge<AutosaveStatus>('saved');
    for (const [bad, shown] of [
      [undefined, 'undefined'],
      [null, 'null'],
      [1, '1'],
    ] as const) {
      expect(() => badge.set(unsafe<AutosaveStatus>(bad))).toThrow(`status must be a string, got ${shown}`);
    }
    expect(badge.getSnapshot()).toBe('saved');
    at(2000);
    expect(badge.getSnapshot()).toBe('idle');
  });
});

describe('B8 timers', () => {
  test('B8 one timer at most, only while a delay, a hold or a fade is under way', () => {
    const badge = createStatusBadge<AutosaveStatus>('idle');
    expect(vi.getTimerCount()).toBe(0);
    badge.set('pending');
    expect(vi.getTimerCount()).toBe(1);
    badge.set('saving');
    expect(vi.getTimerCount()).toBe(1);
    at(300);
    badge.set('saved');
    expect(vi.getTimerCount()).toBe(1); // the hold
    at(800);
    expect(vi.getTimerCount()).toBe(1); // the fade
    at(2800);
    expect(badge.getSnapshot()).toBe('idle');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('B8 set() with the same status again and again keeps the one timer it has (no new setTimeout)', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const badge = createStatusBadge<AutosaveStatus>('idle');
    badge.set('saving');
    for (let ms = 1; ms < 300; ms += 10) {
      at(ms);
      badge.set('saving');
    }
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    setTimeoutSpy.mockRestore();
  });

  test('B8 dispose() clears the timer and the listeners; afterwards set() returns every status as it is', () => {
    const { badge, heard } = track<AutosaveStatus>('idle');
    badge.set('saving');
    badge.dispose();
    expect(vi.getTimerCount()).toBe(0);
    at(10_000);
    expect(heard).toEqual([]);
    expect(badge.set('saving')).toBe('saving');
    expect(badge.set('saved')).toBe('saved');
    expect(vi.getTimerCount()).toBe(0);
    const listener = vi.fn();
    badge.subscribe(listener)();
    at(20_000);
    expect(badge.getSnapshot()).toBe('saved');
    expect(listener).not.toHaveBeenCalled();
  });

  test('B8 an unsubscribed listener is not called; a throwing one stops neither the badge nor the others, and is reported', () => {
    const reported = catchReportedErrors();
    const badge = createStatusBadge<AutosaveStatus>('idle');
    const boom = new Error('listener');
    badge.subscribe(() => {
      throw boom;
    });
    const gone = vi.fn();
    badge.subscribe(gone)();
    const other = vi.fn();
    badge.subscribe(other);
    badge.set('saving');
    at(300);
    badge.set('saved');
    at(800);
    expect(badge.getSnapshot()).toBe('saved');
    expect(other).toHaveBeenCalledTimes(2);
    expect(gone).not.toHaveBeenCalled();
    return Promise.resolve().then(() => expect(reported).toEqual([boom, boom]));
  });

  test('B8 a wait longer than setTimeout can hold (2^31 - 1 ms) still ends on time', () => {
    const badge = createStatusBadge<AutosaveStatus>('idle', { showAfter: 3e9 });
    badge.set('saving');
    at(2 ** 31);
    expect(badge.getSnapshot()).toBe('idle');
    at(3e9 - 1);
    expect(badge.getSnapshot()).toBe('idle');
    at(3e9);
    expect(badge.getSnapshot()).toBe('saving');
  });

  test('B8 a clock set back while the timer is stopped (a hidden component) moves the deadlines back with it', () => {
    vi.setSystemTime(Date.UTC(2030, 0, 1));
    const badge = createBadge<AutosaveStatus>('idle'); // the hook's badge: it arms its timer on set()
    badge.set('saving');
    vi.advanceTimersByTime(300);
    expect(badge.set('saved')).toBe('saving'); // held until 800 ms
    badge.stop();
    vi.setSystemTime(Date.UTC(2020, 0, 1));
    expect(badge.set('saved')).toBe('saving');
    vi.advanceTimersByTime(499);
    expect(badge.getSnapshot()).toBe('saving');
    vi.advanceTimersByTime(1);
    expect(badge.getSnapshot()).toBe('saved');
  });

  test('B8 a clock set back during a hold or a fade changes nothing: both end on time', () => {
    vi.setSystemTime(Date.UTC(2030, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle');
    badge.set('saving');
    vi.advanceTimersByTime(300);
    badge.set('saved');
    vi.setSystemTime(Date.UTC(2020, 0, 1)); // ten years back, during the hold
    badge.set('saved');
    vi.advanceTimersByTime(500);
    expect(badge.getSnapshot()).toBe('saved');
    vi.advanceTimersByTime(2000);
    expect(badge.getSnapshot()).toBe('idle');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('B12 a React-free core that costs nothing to those who do not use it', () => {
  test('B12 createStatusBadge is exported by the entry point and by react-last-task/core, as one function', () => {
    expect(core.createStatusBadge).toBe(api.createStatusBadge);
    const badge = createStatusBadge('idle');
    expect(Object.keys(badge).sort()).toEqual(['dispose', 'getSnapshot', 'set', 'subscribe']);
  });

  test('B12 createStatusBadge imports no React; useAutosave, useLastTask and the runner weigh what they weigh alone', async () => {
    vi.useRealTimers();
    const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));
    const { code } = await measureBundle(reexport('createStatusBadge', src('core/index.ts')));
    expect(code).not.toMatch(/["']react["']|react-dom/);
    for (const [name, path] of [
      ['useAutosave', 'react/useAutosave.ts'],
      ['useLastTask', 'react/useLastTask.ts'],
      ['createLastTaskRunner', 'core/createLastTaskRunner.ts'],
    ] as const) {
      const fromEntry = await measureBundle(reexport(name));
      const alone = await measureBundle(reexport(name, src(path)));
      expect(fromEntry.minified, name).toBe(alone.minified);
      expect(fromEntry.code, name).not.toContain('showAfter');
    }
  });
});

/*
 * B2–B8 over random timelines: fast-check draws options and a sequence of statuses at random times (several
 * may fall in one millisecond); the badge is driven one millisecond at a time, and every change it makes
 * (on a timer or by set()) and every millisecond are checked against the rules as they are written, not
 * against the badge's own code.
 */
describe('B2–B8 hold on random timelines', () => {
  const STATUSES = ['idle', 'pending', 'saving', 'running', 'saved', 'done', 'cancelled', 'error', 'offline'] as const;
  type Status = (typeof STATUSES)[number];
  const isBusy = (s: string) => (BUSY as readonly string[]).includes(s);
  const isSuccess = (s: string) => (SUCCESS as readonly string[]).includes(s);

  test('B2–B8 every change and every millisecond of 300 random timelines keep the rules; the badge settles with no timer', () => {
    fc.assert(
      fc.property(
        fc.record({
          showAfter: fc.integer({ min: 0, max: 30 }),
          minVisible: fc.integer({ min: 0, max: 30 }),
          savedFor: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constant(Infinity)),
        }),
        fc.constantFrom(...STATUSES),
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 40 }), status: fc.constantFrom(...STATUSES) }), {
          maxLength: 25,
        }),
        (options, first, events) => {
          vi.useFakeTimers({ now: 0 });
          const { showAfter: SA, minVisible: MV, savedFor: SF } = options;
          const badge = createStatusBadge<Status>(first, options);
          let calls = 0;
          badge.subscribe(() => calls++);
          const byTime = new Map<number, Status[]>();
          let t = 0;
          for (const { gap, status } of events) {
            t += gap;
            byTime.set(t, [...(byTime.get(t) ?? []), status]);
          }
          const end = t + SA + MV + (SF === Infinity ? 0 : SF) + 2;
          let current: Status = first;
          let shown = badge.getSnapshot();
          /** When the input last changed; when its busy stretch began; when the shown status was last shown. */
          let since = 0;
          let busyFrom = 0;
          let shownAt = 0;
          /** When the shown success started its time (shown, or arrived again while shown). */
          let fadeFrom = 0;
          /** The input last changed while a busy status was shown (B2: then it needs its own showAfter). */
          let afterShownBusy = false;
          expect(shown).toBe(isSuccess(first) && SF === 0 ? 'idle' : first);

          /** Checks one change of what is shown, made at `ms` by a timer or by set(). */
          const change = (ms: number, now: Status | 'idle', by: string) => {
            if (now === shown) return;
            const where = `at ${ms} by ${by}: input ${current}, shown ${shown} → ${now}`;
            // What is shown is the input of that moment, or idle for a success that has had its time (B4).
            if (now !== current) {
              expect(now, where).toBe('idle');
              expect((isSuccess(current) && SF === 0) || (isSuccess(shown) && ms === fadeFrom + SF), where).toBe(true);
            }
            // B3: a busy status gives way before minVisible only to an error.
            if (isBusy(shown)) expect(ms >= shownAt + MV || now === 'error', where).toBe(true);
            // B2: a busy status shows only after showAfter (its own, if it replaces a shown busy one).
            if (isBusy(now)) expect(ms, where).toBeGreaterThanOrEqual((afterShownBusy ? since : busyFrom) + SA);
            shown = now;
            shownAt = ms;
            if (isSuccess(now)) fadeFrom = ms;
          };

          for (let ms = 1; ms <= end; ms++) {
            const callsBefore = calls;
            const before = shown;
            vi.advanceTimersByTime(1);
            change(ms, badge.getSnapshot(), 'timer');
            expect(calls - callsBefore, `listener calls at ${ms}`).toBe(shown === before ? 0 : 1);
            const callsAfterTimers = calls;
            for (const status of byTime.get(ms) ?? []) {
              if (status !== current) {
                if (isBusy(status) && !isBusy(current)) busyFrom = ms;
                afterShownBusy = isBusy(shown);
                since = ms;
                current = status;
                // B4: a success arriving again while it is shown starts its time again.
                if (isSuccess(status) && shown === status) fadeFrom = ms;
              }
              const returned = badge.set(status);
              expect(returned).toBe(badge.getSnapshot());
              change(ms, returned, `set(${status})`);
            }
            expect(calls, `set() calls no listener (at ${ms})`).toBe(callsAfterTimers);
            const where = `at ${ms}: input ${current}, shown ${shown}`;
            expect(vi.getTimerCount(), where).toBeLessThanOrEqual(1);
            // B5: an error is shown at once.
            if (current === 'error') expect(shown, where).toBe('error');
            // Liveness: a busy input shows by showAfter + minVisible after it began (B2, B3) …
            if (isBusy(current) && shown !== current) expect(ms, where).toBeLessThan(since + SA + MV);
            if (!isBusy(current) && shown !== current) {
              // … a success is idle only once it has had its time (B4) …
              if (isSuccess(current) && shown === 'idle')
                expect(SF === 0 || (fadeFrom >= since && ms >= fadeFrom + SF), where).toBe(true);
              // … and anything else waits for nothing but a hold (B3, B6).
              else expect(isBusy(shown) && ms < shownAt + MV, where).toBe(true);
            }
            // B4: no success stays past its time.
            if (isSuccess(shown)) expect(ms, where).toBeLessThan(fadeFrom + SF);
          }
          // Settled: what the last status says, and no timer (B8).
          expect(badge.getSnapshot()).toBe(isSuccess(current) && SF < Infinity ? 'idle' : current);
          expect(vi.getTimerCount()).toBe(0);
          badge.dispose();
        },
      ),
      // A fixed seed keeps the suite deterministic; BADGE_SEED and BADGE_RUNS explore further.
      { numRuns: Number(process.env.BADGE_RUNS ?? 300), seed: Number(process.env.BADGE_SEED ?? 20_260_601) },
    );
  }, 600_000);
});

describe('B2 B4 B8 a clock that goes back, and the badge timer', () => {
  // A clock far from 0, so that going back stays in positive time, as a real clock does.
  beforeEach(() => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
  });
  /** Moves the fake clock (and the timers) `ms` on. */
  const after = (ms: number) => vi.advanceTimersByTime(ms);
  const rewind = (ms: number) => vi.setSystemTime(Date.now() - ms);
  // Each rewind comes right after a set(): the time between the badge's last reading and a jump is the
  // subject of test/core/faults.test.ts (a deadline may then come late by that time, never early).

  test('B2 a clock that goes back while a busy status waits does not delay it: "pending" then "saving" show at showAfter', () => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle', { showAfter: 300 });
    badge.set('pending');
    after(100);
    badge.set('pending');
    rewind(10_000);
    expect(badge.set('saving')).toBe('idle'); // one busy stretch: its showAfter counts from 'pending'
    after(199);
    expect(badge.getSnapshot()).toBe('idle');
    after(1);
    expect(badge.getSnapshot()).toBe('saving');
  });

  test('B2 a clock that goes back while a busy status waits: setting the same status again keeps its moment', () => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle', { showAfter: 300 });
    badge.set('pending');
    after(100);
    badge.set('pending');
    rewind(10_000);
    badge.set('pending');
    after(199);
    expect(badge.getSnapshot()).toBe('idle');
    after(1);
    expect(badge.getSnapshot()).toBe('pending');
  });

  test('B2 a clock that goes back while the timer waits (no set() meanwhile) does not delay the busy status', () => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle', { showAfter: 300 });
    badge.set('pending');
    after(100);
    rewind(10_000);
    after(199);
    expect(badge.getSnapshot()).toBe('idle');
    after(1);
    expect(badge.getSnapshot()).toBe('pending');
  });

  test('B4 a clock that goes back while "saved" is shown does not keep it longer than savedFor', () => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle', { savedFor: 2000 });
    expect(badge.set('saved')).toBe('saved');
    after(500);
    badge.set('saved');
    rewind(10_000);
    badge.set('saved');
    after(1499);
    expect(badge.getSnapshot()).toBe('saved');
    after(1);
    expect(badge.getSnapshot()).toBe('idle');
  });

  test('B8 after a hold ends, a new busy status arms one timer for its own showAfter, not one per millisecond', () => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle', { showAfter: 300, minVisible: 500 });
    badge.set('pending');
    after(300);
    expect(badge.getSnapshot()).toBe('pending'); // held until 800
    after(500); // the hold ends exactly now
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    expect(badge.set('saving')).toBe('pending'); // 'saving' waits for its own showAfter
    after(299);
    expect(badge.getSnapshot()).toBe('pending');
    after(1);
    expect(badge.getSnapshot()).toBe('saving');
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(2);
    setTimeoutSpy.mockRestore();
  });
});
