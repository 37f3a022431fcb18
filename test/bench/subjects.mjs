// What the bench measures: our built package (dist/index.js) and the peers, each behind the same small
// interface so every figure drives them alike. Peers are used as their READMEs show; nothing is copied.
import { createElement as h, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import debounce from 'lodash.debounce';
import { useDebounce, useDebouncedCallback } from 'use-debounce';
import { Autosave, useAutosave as useReactAutosave } from 'react-autosave';
import { Debouncer } from '@tanstack/pacer';
import { createLastTaskRunner, useAutosave } from '../../dist/index.js';

export const DELAY = 300;

/** Renders `element` into a detached container synchronously (production React has no act()). */
export function mount(element) {
  const root = createRoot(document.createElement('div'));
  flushSync(() => root.render(element));
  return { root, unmount: () => root.unmount() };
}

/**
 * Debounced callers, one per implementation: `create(fn)` returns `{ call(value), dispose() }`, where
 * `call` is what an input's onChange would call per keystroke and `fn(value)` is the work that runs
 * once the burst is over.
 */
export const debouncers = [
  {
    name: 'react-last-task runner.run()',
    ours: true,
    create(fn) {
      const runner = createLastTaskRunner({ delay: DELAY });
      return { call: (value) => runner.run(() => fn(value)), dispose: runner.dispose };
    },
  },
  {
    name: 'lodash.debounce',
    create(fn) {
      const debounced = debounce(fn, DELAY);
      return { call: debounced, dispose: debounced.cancel };
    },
  },
  {
    name: 'use-debounce useDebouncedCallback',
    create(fn) {
      let debounced;
      function Host() {
        debounced = useDebouncedCallback(fn, DELAY);
        return null;
      }
      const host = mount(h(Host));
      // use-debounce ignores calls until its mount effect ran; a sync render flushes it, but check.
      debounced('mount-check');
      if (!debounced.isPending()) throw new Error('use-debounce: the callback is not live after mount');
      debounced.cancel();
      return {
        call: debounced,
        dispose() {
          debounced.cancel();
          host.unmount();
        },
      };
    },
  },
  {
    name: '@tanstack/pacer Debouncer',
    create(fn) {
      const debouncer = new Debouncer(fn, { wait: DELAY });
      return { call: debouncer.maybeExecute, dispose: debouncer.cancel };
    },
  },
];

/**
 * Autosave components, one per implementation. `Component(probe)` returns a component that counts its
 * renders in `probe.renders`, exposes its value setter as `probe.setValue` and saves with `probe.save`.
 */
export const autosaves = [
  {
    name: 'react-last-task useAutosave',
    ours: true,
    Component: (probe) =>
      function Ours() {
        probe.renders++;
        const [value, setValue] = useState(0);
        probe.setValue = setValue;
        const { flush } = useAutosave(value, probe.save, DELAY);
        probe.handles = [setValue, flush];
        return null;
      },
  },
  {
    name: 'use-debounce useDebounce + save effect',
    Component: (probe) =>
      function UseDebounce() {
        probe.renders++;
        const [value, setValue] = useState(0);
        probe.setValue = setValue;
        const [debounced, controls] = useDebounce(value, DELAY);
        probe.handles = [setValue, controls];
        const mounted = useRef(false);
        useEffect(() => {
          if (mounted.current) probe.save(debounced);
          mounted.current = true;
        }, [debounced]);
        return null;
      },
  },
  {
    name: 'react-autosave useAutosave',
    Component: (probe) =>
      function ReactAutosave() {
        probe.renders++;
        const [value, setValue] = useState(0);
        probe.setValue = setValue;
        useReactAutosave({ data: value, onSave: probe.save, interval: DELAY });
        probe.handles = [setValue]; // the hook returns nothing of its own
        return null;
      },
  },
  {
    // <Autosave> returns its `element` prop, so its own renders cannot be observed from outside; this
    // counts them by running Autosave as the body of a counting component (the same hooks, one fiber).
    name: 'react-autosave <Autosave>',
    Component: (probe) => {
      function CountedAutosave(props) {
        probe.renders++;
        return Autosave(props);
      }
      return function Form() {
        const [value, setValue] = useState(0);
        probe.setValue = setValue;
        probe.handles = [setValue];
        return h(CountedAutosave, { data: value, onSave: probe.save, interval: DELAY });
      };
    },
  },
];

/**
 * A probe for `autosaves`: counts renders and saves, remembers the last saved value, and holds `handles`,
 * objects that live exactly as long as one mounted instance (its state setter, the hook's own functions),
 * so the memory figure can tell with WeakRefs whether unmounted instances are still reachable.
 */
export function createProbe() {
  const probe = {
    renders: 0,
    saves: 0,
    lastSaved: undefined,
    setValue: undefined,
    handles: [],
    save(value) {
      probe.saves++;
      probe.lastSaved = value;
      return Promise.resolve(value);
    },
  };
  return probe;
}
