import { setImmediate as realSetImmediate } from 'node:timers';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import {
  createLastTaskRunner,
  type CancelReason,
  type LastTaskRunner,
  type Outcome,
  type RunnerOptions,
  type RunnerSnapshot,
  type TaskContext,
  type TaskStatus,
} from '../../src/index';
import { replayable } from '../fcReplay';
import { deferred, flushMicrotasks, type Deferred } from './helpers';

/*
 * Model-based test of the runner (R1–R12, R14–R16): fast-check generates runner options and a random
 * sequence of commands (run() with every kind of task, time advances, settling open tasks in any order,
 * cancel, flush, dispose, unsubscribe); each command is applied to a real runner and to `RunnerModel`, a
 * plain transcription of SPEC.md §2, and after every command the two are compared in full.
 *
 * On failure, fast-check's message carries the runner options, the commands that ran, the seed and the
 * path. Replay one with FC_SEED=<seed> FC_PATH=<path> npx vitest run --project react19 test/core/model.test.ts
 */

const T0 = Date.UTC(2024, 0, 1);
const NUM_RUNS = 1000;

/** What a task does once called. */
type Kind =
  | 'value' //      returns its value synchronously
  | 'throw' //      throws synchronously
  | 'deferred' //   returns a deferred settled later by a Settle command; ignores its signal
  | 'catchAbort' // returns a deferred, but turns an abort into a fallback value (like `fetch(...).catch(...)`)
  | 'reentrant'; // calls run() on its own runner, then returns a deferred like 'deferred'
type InnerKind = Exclude<Kind, 'reentrant'>;
interface Inner {
  kind: InnerKind;
  /** Always ≥ 1: a 0 ms timer set inside a timer callback fires 1 ms late under fake timers (as in browsers). */
  delay: number;
}
type SettleHow = 'resolve' | 'resolveUndefined' | 'reject' | 'rejectString';

interface Config {
  delay: number | undefined;
  maxWait: number | undefined;
  mode: 'restart' | 'keepLatest';
}

interface Snap {
  status: TaskStatus;
  value: string | undefined;
  error: unknown;
}

const cancelled = (reason: CancelReason): Outcome<string> => ({ status: 'cancelled', reason });
const valueOf = (id: number) => `v${id}`;

/** Errors shared by the model and the real tasks, so that both see the very same object. */
class Errors {
  private readonly thrownErrors = new Map<number, Error>();
  thrown(id: number): Error {
    let error = this.thrownErrors.get(id);
    if (!error) this.thrownErrors.set(id, (error = new Error(`task ${id} threw`)));
    return error;
  }
}

// ---------------------------------------------------------------------------------------------------
// The model: SPEC.md §2 written as a plain state machine over a clock that only moves when told.

interface ModelTask {
  id: number;
  kind: Kind;
  inner: Inner | undefined;
  calledAt: number;
  delay: number;
  /** R5: the burst's deadline: maxWait after the burst's first call (a maxWait below this call's delay acts as it). */
  deadline: number;
  /** R1/R5: when the task may start: its delay after the call, or the burst's deadline if sooner. */
  due: number;
  /** Its timer has fired or it was flushed: only a running task (keepLatest) still holds it back. */
  ready: boolean;
  flushed: boolean;
  /** In keepLatest, the task that was running when its wait was over. */
  heldBack: boolean;
  startedAt: number | undefined;
  previous: string | undefined;
  outcome: Outcome<string> | undefined;
  aborted: CancelReason | undefined;
  /** Its deferred is open on the real side (it can be settled by a Settle command). */
  live: boolean;
}

class RunnerModel {
  now = 0;
  count = 0;
  pending: ModelTask | undefined;
  running: ModelTask | undefined;
  burstStart = 0;
  disposed = false;
  value: string | undefined;
  snap: Snap = { status: 'idle', value: undefined, error: undefined };
  /** Every snapshot a listener must see, in order. */
  emitted: Snap[] = [];
  /** The second listener was unsubscribed after this many snapshots. */
  unsubscribedAt: number | undefined;
  tasks: ModelTask[] = [];
  startOrder: number[] = [];
  readonly delay: number;
  readonly maxWait: number;
  readonly keepLatest: boolean;

  constructor(
    config: Config,
    readonly errors: Errors,
  ) {
    this.delay = config.delay ?? 0;
    this.maxWait = config.maxWait ?? Infinity;
    this.keepLatest = config.mode === 'keepLatest';
  }

  /** R10: a new snapshot only when status, value or error changed; listeners are gone after dispose. */
  private set(status: TaskStatus, error?: unknown): void {
    const s = this.snap;
    if (status !== s.status || !Object.is(this.value, s.value) || !Object.is(error, s.error)) {
      this.snap = { status, value: this.value, error };
      if (!this.disposed) this.emitted.push(this.snap);
    }
  }

  task(id: number): ModelTask {
    const t = this.tasks[id - 1];
    if (!t) throw new Error(`model has no task ${id}`);
    return t;
  }

  run(kind: Kind, delay: number | undefined, inner: Inner | undefined): ModelTask {
    const d = delay ?? this.delay;
    const t: ModelTask = {
      id: ++this.count,
      kind,
      inner,
      calledAt: this.now,
      delay: d,
      deadline: 0,
      due: 0,
      ready: false,
      flushed: false,
      heldBack: false,
      startedAt: undefined,
      previous: undefined,
      outcome: undefined,
      aborted: undefined,
      live: false,
    };
    this.tasks.push(t);
    if (this.disposed) {
      t.outcome = cancelled('disposed'); // R9
      return t;
    }
    if (!this.pending) this.burstStart = this.now; // R5: a burst starts when nothing is pending
    t.deadline = this.burstStart + Math.max(this.maxWait, d);
    t.due = Math.min(this.now + d, t.deadline);
    const replaced = this.pending;
    this.pending = t;
    const aborted = this.keepLatest ? undefined : this.running; // R3 / R4
    if (aborted) this.running = undefined;
    if (!this.running) this.set('pending');
    if (replaced) replaced.outcome = cancelled('superseded'); // R2
    if (aborted) this.abort(aborted, 'superseded');
    return t;
  }

  private abort(t: ModelTask, reason: CancelReason): void {
    t.outcome = cancelled(reason);
    t.aborted = reason;
    if (t.kind === 'catchAbort') t.live = false; // it returns its fallback by itself
  }

  private start(t: ModelTask): void {
    this.pending = undefined;
    this.running = t;
    t.startedAt = this.now;
    t.previous = this.value; // R11
    this.startOrder.push(t.id);
    this.set('running');
    switch (t.kind) {
      case 'value':
        this.settle(t, { status: 'done', value: valueOf(t.id) });
        break;
      case 'throw':
        this.settle(t, { status: 'error', error: this.errors.thrown(t.id) });
        break;
      case 'reentrant':
        t.live = true;
        this.run(t.inner!.kind, t.inner!.delay, undefined); // R15
        break;
      default:
        t.live = true;
    }
  }

  /** R4/R6: how a task that is still the current one ends; anything else it does later is ignored (R3). */
  private settle(t: ModelTask, outcome: Outcome<string>): void {
    if (this.running !== t) return;
    this.running = undefined;
    t.outcome = outcome;
    if (outcome.status === 'done') this.value = outcome.value;
    const next = this.pending;
    if (next?.ready) {
      next.heldBack = true;
      this.start(next);
    } else {
      this.set(next ? 'pending' : outcome.status, !next && outcome.status === 'error' ? outcome.error : undefined);
    }
  }

  settleLive(t: ModelTask, how: SettleHow, error: unknown): void {
    t.live = false;
    const outcome: Outcome<string> =
      how === 'resolve'
        ? { status: 'done', value: valueOf(t.id) }
        : how === 'resolveUndefined'
          ? { status: 'done', value: undefined as unknown as string }
          : { status: 'error', error };
    this.settle(t, outcome);
  }

  private stop(reason: CancelReason): void {
    const waiting = this.pending;
    const current = this.running;
    if (!waiting && !current) return; // R8: nothing to cancel changes nothing
    this.pending = this.running = undefined;
    this.set('cancelled');
    if (waiting) waiting.outcome = cancelled(reason);
    if (current) this.abort(current, reason);
  }

  cancel(): void {
    this.stop('cancelled');
  }

  dispose(): void {
    this.stop('disposed');
    this.disposed = true;
  }

  /** R7: which run() promise flush() must return (undefined: a promise of undefined). */
  flush(): number | undefined {
    const p = this.pending;
    if (!p) return this.running?.id;
    p.ready = true;
    p.flushed = true;
    if (!this.running) this.start(p);
    return p.id;
  }

  /** Timers fire in order; a task that settles synchronously does so before the next timer. */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const p = this.pending;
      if (!p || p.ready || p.due > target) break;
      this.now = Math.max(this.now, p.due);
      p.ready = true;
      if (!this.running) this.start(p);
    }
    this.now = target;
  }

  liveTasks(): ModelTask[] {
    return this.tasks.filter((t) => t.live);
  }
}

// ---------------------------------------------------------------------------------------------------
// The real runner, with tasks that record how they were called.

interface StartRecord {
  id: number;
  at: number;
  seq: number;
  previous: string | undefined;
  statusInside: TaskStatus;
  signal: AbortSignal;
  abortEvents: number;
  /** The task's own work is over (returned, threw, or its deferred was settled). */
  done: boolean;
}

interface CallRecord {
  promise: Promise<Outcome<string>>;
  settled: number;
  outcome: Outcome<string> | undefined;
  rejected: boolean;
}

class RealRunner {
  readonly runner: LastTaskRunner<string>;
  count = 0;
  readonly calls: CallRecord[] = [];
  readonly started: StartRecord[] = [];
  readonly open = new Map<number, Deferred<string>>();
  readonly seen1: RunnerSnapshot<string>[] = [];
  readonly seen2: RunnerSnapshot<string>[] = [];
  readonly initial: RunnerSnapshot<string>;
  readonly unsubscribe2: () => void;
  readonly violations: string[] = [];

  constructor(
    readonly config: Config,
    readonly errors: Errors,
  ) {
    const options: RunnerOptions = { mode: config.mode };
    if (config.delay !== undefined) options.delay = config.delay;
    if (config.maxWait !== undefined) options.maxWait = config.maxWait;
    this.runner = createLastTaskRunner<string>(options);
    this.initial = this.runner.getSnapshot();
    this.runner.subscribe(() => this.seen1.push(this.runner.getSnapshot()));
    this.unsubscribe2 = this.runner.subscribe(() => this.seen2.push(this.runner.getSnapshot()));
  }

  run(kind: Kind, delay: number | undefined, inner: Inner | undefined): number {
    const id = ++this.count;
    const task = (ctx: TaskContext<string>) => this.body(id, kind, inner, ctx);
    const promise = delay === undefined ? this.runner.run(task) : this.runner.run(task, { delay });
    const call: CallRecord = { promise, settled: 0, outcome: undefined, rejected: false };
    this.calls.push(call);
    promise.then(
      (outcome) => {
        call.settled++;
        call.outcome = outcome;
      },
      () => {
        call.settled++;
        call.rejected = true;
      },
    );
    return id;
  }

  private body(id: number, kind: Kind, inner: Inner | undefined, ctx: TaskContext<string>): string | Promise<string> {
    const record: StartRecord = {
      id,
      at: Date.now() - T0,
      seq: ctx.seq,
      previous: ctx.previous,
      statusInside: this.runner.getSnapshot().status,
      signal: ctx.signal,
      abortEvents: 0,
      done: false,
    };
    ctx.signal.addEventListener('abort', () => record.abortEvents++);
    if (this.config.mode === 'keepLatest') {
      const overlapping = this.started.filter((r) => !r.done && !r.signal.aborted).map((r) => r.id);
      if (overlapping.length) this.violations.push(`R4 task ${id} started while task(s) ${overlapping} still ran`);
    }
    this.started.push(record);
    switch (kind) {
      case 'value':
        record.done = true;
        return valueOf(id);
      case 'throw':
        record.done = true;
        throw this.errors.thrown(id);
      case 'deferred':
        return this.openDeferred(id, record).promise;
      case 'catchAbort': {
        const d = this.openDeferred(id, record);
        ctx.signal.addEventListener('abort', () => {
          this.open.delete(id);
          record.done = true;
          d.reject(ctx.signal.reason);
        });
        return d.promise.catch((error: unknown) => {
          if (ctx.signal.aborted) return `fallback${id}`;
          throw error;
        });
      }
      case 'reentrant':
        this.run(inner!.kind, inner!.delay, undefined);
        return this.openDeferred(id, record).promise;
    }
  }

  private openDeferred(id: number, record: StartRecord): Deferred<string> {
    const d = deferred<string>();
    const settle = (fn: () => void) => {
      record.done = true;
      this.open.delete(id);
      fn();
    };
    this.open.set(id, {
      promise: d.promise,
      resolve: (value) => settle(() => d.resolve(value)),
      reject: (error) => settle(() => d.reject(error)),
    });
    return d;
  }

  record(id: number): StartRecord | undefined {
    return this.started.find((r) => r.id === id);
  }
}

// ---------------------------------------------------------------------------------------------------
// Comparison after every command.

const same = (a: Snap, b: Snap) => a.status === b.status && Object.is(a.value, b.value) && Object.is(a.error, b.error);
const show = (s: Snap) => JSON.stringify({ ...s, error: s.error instanceof Error ? s.error.message : s.error });
const showOutcome = (o: Outcome<string> | undefined) =>
  o === undefined
    ? 'unsettled'
    : JSON.stringify(o.status === 'error' ? { ...o, error: o.error instanceof Error ? o.error.message : o.error } : o);

function sameOutcome(a: Outcome<string>, b: Outcome<string>): boolean {
  if (a.status !== b.status) return false;
  if (a.status === 'done') return Object.is(a.value, (b as typeof a).value);
  if (a.status === 'error') return Object.is(a.error, (b as typeof a).error);
  return a.reason === (b as typeof a).reason;
}

function fail(message: string): never {
  throw new Error(message);
}

function checkListeners(m: RunnerModel, r: RealRunner): void {
  const current = r.runner.getSnapshot();
  if (current !== r.runner.getSnapshot()) fail('R10 getSnapshot() returned a new object without a change');
  if (!same(current, m.snap)) fail(`R10 snapshot is ${show(current)}, the model says ${show(m.snap)}`);
  const seen = r.seen1;
  const expected = m.emitted;
  const lines = () => `listener saw [${seen.map(show).join(', ')}], expected [${expected.map(show).join(', ')}]`;
  if (seen.length !== expected.length || seen.some((s, i) => !same(s, expected[i]!)))
    fail(`R10 each listener is called once per snapshot change: ${lines()}`);
  let previous = r.initial;
  for (const s of seen) {
    if (s === previous) fail('R10 a listener was called while the snapshot stayed the same object');
    previous = s;
  }
  if (previous !== current) fail('R10 the snapshot changed (identity) without a listener call');
  const cut = m.unsubscribedAt ?? expected.length;
  if (r.seen2.length !== cut || r.seen2.some((s, i) => s !== seen[i]))
    fail(`R10 the second listener saw ${r.seen2.length} snapshots, expected the first ${cut} of the first listener's`);
  // Only a task that ended 'done' while it was the current one ever lends its value to the snapshot.
  for (const s of seen) {
    if (s.value === undefined) continue;
    const id = Number(/^v(\d+)$/.exec(s.value)?.[1]);
    const outcome = m.tasks[id - 1]?.outcome;
    if (!outcome || outcome.status !== 'done' || outcome.value !== s.value)
      fail(`R6/R3 the snapshot took the value ${s.value}, which no current task returned`);
  }
}

function checkStarts(m: RunnerModel, r: RealRunner): void {
  const started = r.started.map((s) => s.id);
  if (started.join() !== m.startOrder.join())
    fail(`R1/R2/R4/R5 tasks started: [${started}], the model expects [${m.startOrder}] at t=${m.now}`);
  for (const s of r.started) {
    const t = m.task(s.id);
    if (s.at !== t.startedAt) fail(`R1/R5 task ${s.id} started at t=${s.at}, the model expects t=${t.startedAt}`);
    // The bounds themselves, independently of the model's exact timeline:
    if (!t.flushed && s.at < Math.min(t.calledAt + t.delay, t.deadline))
      fail(`R1 task ${s.id} started at t=${s.at}, before its delay (${t.delay} ms after t=${t.calledAt}) and maxWait (t=${t.deadline})`);
    if (!t.heldBack && s.at > Math.max(t.calledAt, Math.min(t.calledAt + t.delay, t.deadline)))
      fail(`R1/R5 task ${s.id} started at t=${s.at}, later than its delay (${t.delay} ms after t=${t.calledAt}) or maxWait (t=${t.deadline})`);
    if (s.seq !== s.id) fail(`R11 task ${s.id} got seq ${s.seq}`);
    if (!Object.is(s.previous, t.previous)) fail(`R11 task ${s.id} got previous ${s.previous}, expected ${t.previous}`);
    if (s.statusInside !== 'running') fail(`R10 status inside task ${s.id} was ${s.statusInside}`);
    const aborted = t.aborted !== undefined;
    if (s.signal.aborted !== aborted) fail(`R3/R8/R9 task ${s.id}: signal.aborted is ${s.signal.aborted}, expected ${aborted}`);
    if (aborted) {
      const reason: unknown = s.signal.reason;
      if (!(reason instanceof DOMException) || reason.name !== 'AbortError' || !reason.message.includes(t.aborted!))
        fail(`R16 task ${s.id}: signal.reason is ${String(reason)}, expected an AbortError naming "${t.aborted}"`);
      if (s.abortEvents !== 1) fail(`R16 task ${s.id}: signal aborted ${s.abortEvents} times`);
    }
  }
  if (r.violations.length) fail(r.violations.join('; '));
}

function checkOutcomes(m: RunnerModel, r: RealRunner): void {
  if (r.calls.length !== m.tasks.length) fail(`${r.calls.length} run() calls, the model counted ${m.tasks.length}`);
  r.calls.forEach((call, i) => {
    const t = m.tasks[i]!;
    if (call.rejected) fail(`R12 the promise of run() #${t.id} rejected`);
    if (call.settled > 1) fail(`the promise of run() #${t.id} settled ${call.settled} times`);
    if (!t.outcome) {
      if (call.settled) fail(`run() #${t.id} resolved ${showOutcome(call.outcome)}, the model says it is still open`);
    } else if (!call.outcome || !sameOutcome(call.outcome, t.outcome)) {
      fail(`R2/R3/R6/R8/R9 run() #${t.id} is ${showOutcome(call.outcome)}, expected ${showOutcome(t.outcome)}`);
    }
  });
}

function checkTimers(m: RunnerModel): void {
  const timers = vi.getTimerCount();
  const p = m.pending;
  if (!p && timers !== 0) fail(`R14 ${timers} timer(s) left with no task waiting (status ${m.snap.status})`);
  if (p && !p.ready && timers !== 1) fail(`R1 ${timers} timers for the one waiting task #${p.id}`);
  if (p && p.ready && timers > 1) fail(`R14 ${timers} timers while task #${p.id} only waits for the running task`);
}

async function checkAll(m: RunnerModel, r: RealRunner): Promise<void> {
  await flushMicrotasks();
  if (Date.now() - T0 !== m.now) fail(`clock at ${Date.now() - T0}, model at ${m.now}`);
  checkListeners(m, r);
  checkStarts(m, r);
  checkOutcomes(m, r);
  checkTimers(m);
  if ([...r.open.keys()].join() !== m.liveTasks().map((t) => t.id).join())
    fail(`open deferreds [${[...r.open.keys()]}], the model has [${m.liveTasks().map((t) => t.id)}]`);
}

// ---------------------------------------------------------------------------------------------------
// Commands.

type Cmd = fc.AsyncCommand<RunnerModel, RealRunner>;

class RunCmd implements Cmd {
  constructor(
    readonly kind: Kind,
    readonly delay: number | undefined,
    readonly inner: Inner | undefined,
  ) {}
  check = () => true;
  async run(m: RunnerModel, r: RealRunner) {
    m.run(this.kind, this.delay, this.inner);
    r.run(this.kind, this.delay, this.inner);
    await checkAll(m, r);
  }
  toString() {
    const inner = this.inner ? `, inner: ${this.inner.kind}@${this.inner.delay}` : '';
    return `run(${this.kind}${this.delay === undefined ? '' : `, delay ${this.delay}`}${inner})`;
  }
}

class AdvanceCmd implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: RunnerModel, r: RealRunner) {
    m.advance(this.ms);
    await vi.advanceTimersByTimeAsync(this.ms);
    await checkAll(m, r);
  }
  toString() {
    return `advance(${this.ms})`;
  }
}

/** R2/R5: a steady stream of run() calls `gap` ms apart, the case maxWait exists for. */
class BurstCmd implements Cmd {
  constructor(
    readonly kind: InnerKind,
    readonly count: number,
    readonly gap: number,
  ) {}
  check = () => true;
  async run(m: RunnerModel, r: RealRunner) {
    for (let i = 0; i < this.count; i++) {
      m.run(this.kind, undefined, undefined);
      r.run(this.kind, undefined, undefined);
      await checkAll(m, r);
      m.advance(this.gap);
      await vi.advanceTimersByTimeAsync(this.gap);
      await checkAll(m, r);
    }
  }
  toString() {
    return `burst(${this.count} × run(${this.kind}) + advance(${this.gap}))`;
  }
}

class SettleCmd implements Cmd {
  constructor(
    readonly pick: number,
    readonly how: SettleHow,
  ) {}
  check = (m: Readonly<RunnerModel>) => m.tasks.some((t) => t.live);
  async run(m: RunnerModel, r: RealRunner) {
    const live = m.liveTasks();
    const t = live[this.pick % live.length]!;
    const d = r.open.get(t.id) ?? fail(`task ${t.id} has no open deferred`);
    const error = this.how === 'reject' ? new Error(`task ${t.id} rejected`) : `task ${t.id} rejected`;
    m.settleLive(t, this.how, error);
    if (this.how === 'resolve') d.resolve(valueOf(t.id));
    else if (this.how === 'resolveUndefined') d.resolve(undefined as unknown as string);
    else d.reject(error);
    await checkAll(m, r);
  }
  toString() {
    return `settle(#${this.pick} of the open tasks, ${this.how})`;
  }
}

class CancelCmd implements Cmd {
  check = () => true;
  async run(m: RunnerModel, r: RealRunner) {
    m.cancel();
    r.runner.cancel();
    await checkAll(m, r);
  }
  toString() {
    return 'cancel()';
  }
}

class FlushCmd implements Cmd {
  check = () => true;
  async run(m: RunnerModel, r: RealRunner) {
    const startsBefore = m.startOrder.length;
    const expected = m.flush();
    const startedBefore = r.started.length;
    const promise = r.runner.flush();
    // R7: the task function is called before flush() returns.
    if (r.started.length - startedBefore !== (m.startOrder.length > startsBefore ? 1 : 0))
      fail(`R7 flush() started ${r.started.length - startedBefore} task(s) synchronously`);
    if (expected !== undefined) {
      if (promise !== r.calls[expected - 1]!.promise) fail(`R7 flush() did not return the promise of run() #${expected}`);
    } else {
      let result: unknown = 'unsettled';
      void promise.then((v) => (result = v));
      await flushMicrotasks();
      if (result !== undefined) fail(`R7 flush() with nothing to start resolved ${String(result)}, expected undefined`);
    }
    await checkAll(m, r);
  }
  toString() {
    return 'flush()';
  }
}

class DisposeCmd implements Cmd {
  check = () => true;
  async run(m: RunnerModel, r: RealRunner) {
    m.dispose();
    r.runner.dispose();
    await checkAll(m, r);
  }
  toString() {
    return 'dispose()';
  }
}

class UnsubscribeCmd implements Cmd {
  check = (m: Readonly<RunnerModel>) => m.unsubscribedAt === undefined;
  async run(m: RunnerModel, r: RealRunner) {
    m.unsubscribedAt = m.emitted.length;
    r.unsubscribe2();
    await checkAll(m, r);
  }
  toString() {
    return 'unsubscribe(second listener)';
  }
}

const kindArb = fc.constantFrom<Kind>('value', 'throw', 'deferred', 'catchAbort', 'reentrant');
const innerArb = fc.record({
  kind: fc.constantFrom<InnerKind>('value', 'throw', 'deferred', 'catchAbort'),
  delay: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 150 })),
});
const runArb = fc
  .tuple(kindArb, fc.option(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 150 })), { nil: undefined, freq: 2 }), innerArb)
  .map(([kind, delay, inner]) => new RunCmd(kind, delay, kind === 'reentrant' ? inner : undefined));
const advanceArb = fc
  .oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 60, max: 250 }))
  .map((ms) => new AdvanceCmd(ms));
const burstArb = fc
  .tuple(
    fc.constantFrom<InnerKind>('value', 'deferred', 'catchAbort', 'throw'),
    fc.integer({ min: 2, max: 12 }),
    fc.integer({ min: 1, max: 30 }),
  )
  .map(([kind, count, gap]) => new BurstCmd(kind, count, gap));
const settleArb = fc
  .tuple(fc.nat({ max: 7 }), fc.constantFrom<SettleHow>('resolve', 'resolve', 'resolveUndefined', 'reject', 'rejectString'))
  .map(([pick, how]) => new SettleCmd(pick, how));

const commandsArb = fc.commands<RunnerModel, RealRunner, false>(
  [
    fc.oneof(
      { arbitrary: runArb, weight: 12 },
      { arbitrary: advanceArb, weight: 12 },
      { arbitrary: burstArb, weight: 3 },
      { arbitrary: settleArb, weight: 10 },
      { arbitrary: fc.constant(new CancelCmd()), weight: 2 },
      { arbitrary: fc.constant(new FlushCmd()), weight: 3 },
      { arbitrary: fc.constant(new DisposeCmd()), weight: 1 },
      { arbitrary: fc.constant(new UnsubscribeCmd()), weight: 1 },
    ),
  ],
  { maxCommands: 60, size: 'max' },
);

const configArb: fc.Arbitrary<Config> = fc.record({
  delay: fc.option(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 100 })), { nil: undefined, freq: 4 }),
  maxWait: fc.option(fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 200 }), fc.constant(Infinity)), {
    nil: undefined,
    freq: 4,
  }),
  mode: fc.constantFrom('restart' as const, 'keepLatest' as const),
});

// ---------------------------------------------------------------------------------------------------

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

test('R1–R12, R14–R16 the runner behaves like its model under random runs, time, settles, cancel, flush and dispose', async () => {
  await fc.assert(
    fc.asyncProperty(configArb, commandsArb, async (config, cmds) => {
      vi.useFakeTimers({ now: T0 });
      unhandled.length = 0;
      const errors = new Errors();
      const model = new RunnerModel(config, errors);
      const real = new RealRunner(config, errors);
      try {
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        // The end: dispose, then let every open task end in some way: nothing may change any more.
        model.dispose();
        real.runner.dispose();
        await checkAll(model, real);
        const seen = real.seen1.length;
        const snapshot = real.runner.getSnapshot();
        let i = 0;
        for (const d of [...real.open.values()]) if (i++ % 2) d.resolve('late'); else d.reject(new Error('late'));
        await flushMicrotasks();
        expect(real.seen1.length, 'R9 no listener call after dispose').toBe(seen);
        expect(real.runner.getSnapshot(), 'R9 no change after dispose').toBe(snapshot);
        expect(real.calls.filter((c) => c.settled !== 1).length, 'every run() promise settled once').toBe(0);
        expect(vi.getTimerCount(), 'R14 no timer after dispose').toBe(0);
      } finally {
        vi.useRealTimers();
      }
      await new Promise<void>((resolve) => realSetImmediate(resolve));
      expect(unhandled, 'R3/R12 no unhandled rejection').toEqual([]);
    }),
    replayable(NUM_RUNS),
  );
}, 120_000);
