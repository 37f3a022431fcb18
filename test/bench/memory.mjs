// Figure 4: heap growth, measured as heapUsed after forced full GCs, after minus before. Each subject is
// warmed up first, so that compiled code and one-off caches are in "before". A control that does the same
// loop around nothing gives the noise floor.
import { createElement as h, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { installFakeClock, settle } from './fakeClock.mjs';
import { autosaves, createProbe, debouncers } from './subjects.mjs';

export const CALLS = 1_000_000;
export const CYCLES = 10_000;
/** Every 50th unmounted instance is tracked with WeakRefs: 200 of them, a few KB that stay in the noise. */
export const TRACK_EVERY = 50;

const heapUsed = () => {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
};

const noopCaller = { name: 'control: a no-op function', control: true, create: () => ({ call() {}, dispose() {} }) };

/** Heap growth after CALLS calls on one debounced caller with a task pending throughout. */
export async function measureCallMemory() {
  const results = [];
  for (const subject of [noopCaller, ...debouncers]) {
    const instance = subject.create(() => {});
    let value = 0;
    for (let i = 0; i < CALLS / 10; i++) instance.call(value++);
    const before = heapUsed();
    for (let i = 0; i < CALLS; i++) instance.call(value++);
    const after = heapUsed();
    instance.dispose();
    results.push({ name: subject.name, ours: !!subject.ours, control: !!subject.control, growth: after - before });
  }
  return results;
}

const control = {
  name: 'control: a component with useState only',
  control: true,
  Component: (probe) =>
    function Plain() {
      const [, setValue] = useState(0);
      probe.setValue = setValue;
      probe.handles = [setValue];
      return null;
    },
};

/**
 * Heap growth after CYCLES cycles of mount → one change (so a save is pending) → unmount, on a fake clock.
 * `timersLeft` is how many timers the unmounted components left behind; they are run out before measuring.
 * `reachable` is how many of the tracked unmounted instances (every TRACK_EVERY-th) are still reachable after GC.
 */
export async function measureMountMemory() {
  const clock = installFakeClock();
  try {
    const results = [];
    for (const subject of [control, ...autosaves]) {
      const probe = createProbe();
      const refs = [];
      const Component = subject.Component(probe);
      const root = createRoot(document.createElement('div'));
      const cycle = async (i, track) => {
        flushSync(() => root.render(h(Component, { key: i })));
        if (track) refs.push(probe.handles.map((handle) => new WeakRef(handle)));
        flushSync(() => probe.setValue(i + 1));
        await settle(1);
        flushSync(() => root.render(null));
      };
      for (let i = 0; i < CYCLES / 10; i++) await cycle(i);
      await clock.runAll();
      const before = heapUsed();
      clock.resetCount();
      for (let i = 0; i < CYCLES; i++) await cycle(i, i % TRACK_EVERY === 0);
      const timersLeft = clock.alive;
      await clock.runAll();
      probe.handles = probe.setValue = undefined;
      await settle();
      const after = heapUsed();
      const reachable = refs.filter((handles) => handles.some((ref) => ref.deref() !== undefined)).length;
      root.unmount();
      results.push({
        name: subject.name,
        ours: !!subject.ours,
        control: !!subject.control,
        growth: after - before,
        timersLeft,
        reachable,
        tracked: refs.length,
        saves: probe.saves,
      });
    }
    return results;
  } finally {
    clock.uninstall();
  }
}
