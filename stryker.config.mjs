// @ts-check
/**
 * Mutation testing: `npm run mutate` (Stryker 9.6.1 with the vitest runner). It runs the react19 tests
 * through vitest.stryker.config.ts: no e2e browser project, no bundle budgets (they measure bytes, which any
 * mutant changes), no React 18 re-run. test/stryker.setup.ts fixes fast-check's seed for every mutant.
 *
 * Last runs (2026-12-02, at nice 19 on 2 cores shared with other work), by group of files with `--mutate`:
 * - the runner's core as changed that day (createRunner, clock, retry, checkOptions, task, createLastTaskLanes,
 *   createListeners, createStatusBadge; src at 62ec0a7): 786 mutants, 98.66 % (753 killed, 22 timed out, 11
 *   survived), 53 min. createRunner, clock, checkOptions and task 100 %, retry 98.59, createLastTaskLanes 98.24,
 *   createStatusBadge 96.95, createListeners 88.24 (close() after dispose, which nothing can observe: see the
 *   runner's subscribe entry below).
 * - the files that day left alone (createDraft, mergeStatus, orderKey, reportError, createLastTaskRunner,
 *   useLastTaskLanes, useStatusBadge; src at bca8b6a): 450 mutants, 90.79 %, 25 min; createDraft 90.62 %. Tests
 *   added since in test/core/createDraft.test.ts kill 29 of its 35 survivors (checked by applying each mutation by
 *   hand); its other six are equivalent (an empty catch that returns undefined anyway, `>=` where equal keys assign
 *   the same value, a BroadcastChannel check whose absence throws inside the same try).
 * - the hooks and createAutosave after that day's per-render cut were not measured again.
 * The whole of src at 481f779 (2026-12-02, idle machine but for the run, concurrency 2): 1,625 mutants, 96.05 %
 *   (1,529 killed, 27 timed out, 63 survived, 1 without coverage, 5 errors), 62 min. core 97.12 %, react 86.34 %
 *   (useAutosave 89.47, useLastTask 83.78, useDraft 60.00, useStatusBadge 81.82, useIsomorphicLayoutEffect 50.00,
 *   isDeepEqual 89.39, createAutosave 94.41). Many of the hooks' survivors are dependency arrays emptied
 *   (`[hook]` → `[]`, equivalent: the hook never changes; `[autosave, draft]` → `[]`, killed by a test that swaps
 *   the draft on a mounted autosave, not yet written). The issue's bar is 97.04 %.
 * The whole of src at a75cf20 (before the readable rewrite of the runner): 1,578 mutants, 94.97 %.
 * The whole of src at 2f6e7ab (2026-12-07, `--incremental`, starting with no report, so every mutant ran; idle
 *   machine, concurrency 2, 37 min): 1,632 mutants, 97.73 % (1,557 killed, 34 timed out, 37 survived, 0 without
 *   coverage, 4 errors). core 98.57 %, react 90.12 %.
 * After D6's takeover and D4's kept key (2026-12-07): `--incremental` over src at aae00b4 gave 96.67 %, but it
 *   counted createDraft's mutants as they stood before the tests added that day (a reused result is not run again
 *   against new tests); a full run of `--mutate src/core/createDraft.ts` at the final code then gave 96.86 % for it
 *   (456 killed, 6 timed out, 15 survived). With that file's figures in place of the incremental ones: 1,727
 *   mutants, 97.22 % (1,655 killed, 24 timed out, 48 survived). createDraft's survivors: the empty `catch` of
 *   `lock()` and `Math.random().toString(36)` without `.slice(2)` (equivalent: any unique lock name serves), the
 *   `seen` updates' `>` → `>=` (equivalent: assigning the same key), the string check of a followed message's `tab`
 *   (equivalent: `watch(undefined)` returns at `watching?.tab === tab`), and a few of the follow's guards that no
 *   test yet reaches (a stale 'edit' of the value shown, the D3 drop guard on an attach over a followed edit).
 *
 * The list below comes from the run at 3d85dba (981 mutants, 96.02 %); its line numbers are that run's, and the
 * entries about code since rewritten (the numbered `dead` life, the subscribe guards, the lanes' configure check)
 * describe the same choices in today's code.
 *
 * Equivalent mutants (no test can tell them from the original):
 *
 * src/core/createAutosave.ts
 * - 126 `flushFor(trigger, 1, status == 'running' && isEqual(latest, saving))` → `true && …`: when the status is not
 *   'running' nothing runs (a waiting save alone is 'pending'; otherwise the line above scheduled one), and
 *   `runningOnly` only matters while something runs.
 * - 42 `let seenVersion = -1` → `+1`: the first getSnapshot() rebuilds anyway, since `seenRunner` starts undefined.
 * - 69 `status == 'cancelled' && trusted && isEqual(latest, baseline)` → `true && …`: while the baseline is
 *   trusted and the latest value equals it, nothing is pending or running (a scheduled save is always of the
 *   latest value, which then differs from a trusted baseline, and a success drops a queued save of the same
 *   value), so the runner is idle, done or cancelled; idle maps to 'idle' (nothing saved yet, lastSavedAt
 *   unset) and done to 'saved' (lastSavedAt set), as the other branches do.
 * - 110 `version++` → `version--` in change() (back to the baseline): `version` is only compared with the value
 *   read at the last getSnapshot(), and the listeners have just read it (runner.cancel() notifies first), so a
 *   step down is as much a change as a step up.
 *
 * src/core/createRunner.ts
 * - 211 `next || outcome.status == 'done' ? undefined : outcome.error` → `next || false ? …` and `== ""`: a 'done'
 *   outcome has no `error`, so `outcome.error` is undefined too.
 * - 110 `let timerStale = false` → `true`: it is read only once a timer is armed, and arming sets it to false.
 * - 147 `Date.now() < last` → `<=`: they differ only for a timer that fires before its time with no clock change
 *   since the last reading, which real timers may do by a millisecond and fake timers never do.
 * - 225 flushFor `if (!dead)` → `if (true)`: a dead runner (suspended or disposed) has stopped its running task, so
 *   this branch never has a task to raise or hurry while dead.
 * - 266 `runOptions === undefined ? config.delay : checkDelay(…)` → `false ? …`: checkDelay(checkObject(undefined)
 *   .delay, config.delay) is config.delay; the test is a shortcut.
 * - 318 subscribe `if (dead > 2) return () => {}` → `if (false)`: after dispose() nothing changes any more
 *   (run() returns before touching the state, cancel/flush find nothing), so a listener added then is never called.
 *
 * src/core/createLastTaskLanes.ts
 * - 181 subscribe `if (dead > 2) return () => {}` → `if (false)`: as in the runner, nothing changes after dispose().
 * - 196 configure `if (delay changed || maxWait changed || mode changed || retry changed)` → `if (true)`: reconfiguring the busy
 *   runners with equal options changes nothing; the check only saves work. (Its `==` mutants are killed by
 *   test/react/useLastTaskLanes.test.tsx, "L13 H2 … alone".)
 *
 * src/core/createStatusBadge.ts
 * - 82 `if (back > 0)` → `if (back >= 0)`: moving the stored times back by 0 changes nothing.
 * - 99 `… || s.shown == status || …` → `… || false || …`: when the shown busy status is the input, the branch
 *   does nothing (it neither reveals a status already shown nor fades a busy one).
 * - 117 `if (s.input == 'error') return Infinity` → `if (false)` and `s.input == ""`: with 'error' as input the
 *   shown status is 'error' too, neither busy nor a success, so the next line returns Infinity as well.
 * - 134 `fresh: false` → `true`: for a calm first status the constructor's own step() consumes the flag and
 *   computes the same state; for a busy one the flag is only read after a calm status arrives, which sets it anyway.
 * - 191 subscribe `if (disposed) return () => {}` → `if (false)`: after dispose() no timer is armed again, so a
 *   listener added then is never called.
 *
 * src/core/mergeStatus.ts
 * - 21 `if (at < rank)` → `if (at <= rank)`: assigns the rank it already has.
 *
 * src/react/useAutosave.ts
 * - 117 `event.returnValue = ''` → `"Stryker was here!"`: any string asks the browsers that still read it (modern
 *   ones ignore its text; preventDefault() is what asks), and jsdom's Event.returnValue is a legacy boolean.
 * - 71 `useState(() => ({ save, options }))` → `({})`: the first layout effect fills both in before anything
 *   reads them (a save, change() and the cleanup all come after it; getSnapshot() reads isEqual only once the
 *   runner is 'cancelled', which cannot happen before the first commit).
 * - 88 `[autosave]` → `[]`: `autosave` comes from useState and never changes.
 *
 * src/react/useLastTask.ts
 * - 34 `[runner]` → `[]`: `runner` comes from useState and never changes.
 *
 * src/react/useLastTaskLanes.ts
 * - 41 `version++` → `version--`: getVersion only has to differ from the version React read last; counting down does.
 * - 50 the unsubscribe → `() => {}`: the only subscriber is React's useSyncExternalStore. A callback left behind
 *   belongs to an unmounted component (React ignores it, and the lanes are suspended by then) or, after
 *   StrictMode's resubscription, to the same component, whose duplicate calls React batches into one render.
 * - 88 `[lanes]` → `[]`: `lanes` comes from useState and never changes.
 *
 * src/react/useStatusBadge.ts
 * - 5 `renders + 1` → `renders - 1`: the reducer's state changes either way, which is all the re-render needs.
 * - 31 `[badge]` → `[]`: `badge` comes from useState and never changes.
 *
 * src/react/useIsomorphicLayoutEffect.ts
 * - 7 `typeof window === 'undefined' ? …` → `false ? …` and `typeof window === ""`: both mean "always
 *   useLayoutEffect". In a browser (jsdom) that is what it is; on the server React 19 runs neither effect and
 *   no longer warns about useLayoutEffect (React 18 did, but the mutation run uses React 19 only). The other
 *   two mutants (useEffect in the browser) are killed by test/react/useLastTask.test.tsx ("H2 … layout effect").
 *
 * Added after the whole-src run at 481f779 (line numbers of main at c59149e):
 * - src/core/isDeepEqual.ts 12 `i < seen.length` → `<=`: `seen[seen.length]` is undefined, never the object `a`.
 * - src/core/isDeepEqual.ts 22 `seen.length -= 2` → `+= 2`: the pairs then stay in `seen` after their comparison,
 *   but a pair whose comparison found a difference ends the whole comparison with false (every level is `&&` and
 *   `every`), so a pair met again was equal; the pop keeps the cycle check short, nothing more.
 * - src/core/createRunner.ts 231 `phase: 'waiting'` → `""`: the phase is only compared with 'ready', 'running' and
 *   'retrying', and `""` is none of them, as 'waiting' is not.
 * - src/core/createLastTaskLanes.ts 119 `if (status !== 'error') lane.last = undefined` → `if (false)`: `last` is
 *   only read for a lane in `failed`, which a lane leaves as it stops being 'error'; clearing it lets the task's
 *   closure be collected, which no test without a garbage collector can see.
 * - src/core/retry.ts: killed now (a Symbol as `attempts` would make `attempts >= 1` throw a TypeError naming
 *   nothing), by test/core/retries.test.ts.
 * - src/core/createDraft.ts 172 `catch { return undefined; }` → `{}` (returns undefined anyway), the two
 *   `key > seen` → `>=` (equal keys assign the same value). The BroadcastChannel check and its catch (327, 331)
 *   are gone: one `open()` serves the attach and a detached draft's announcement (D6), and a missing
 *   BroadcastChannel throws inside its try.
 * - src/react/useAutosave.ts 99 `let cut = false` → `true`: the first mount's retake() finds the first value clean
 *   (it is the baseline), so it schedules nothing.
 * - src/react/useLastTask.ts 68 the `NODE_ENV` branch → `true` and 69 `rendering = true`: in production the check
 *   is installed but never armed (render() is the other branch's, line 102, which the H8 production test pins), and
 *   `rendering` is set by render() before anything reads it; 109 `[hook]` → `[]`: the hook never changes.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: ['src/**/*.ts'],
  reporters: ['json', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: 90 },
};
