// Figure 6: what useAutosave's default isEqual (isDeepEqual, A2 amended) costs per render for a form value of
// 200 fields that a form library rebuilds on every render (react-hook-form's watch()). A render compares it
// twice: isDirty in the render, and the change effect after the commit.
import { Bench } from 'tinybench';
import { createElement as h } from 'react';
import { flushSync } from 'react-dom';
import { isDeepEqual, useAutosave } from '../../dist/index.js';
import { mount } from './subjects.mjs';

export const FIELDS = 200;

/** 200 fields: strings, numbers, booleans, and every tenth an array or a Date, as a big form holds. */
export const formValue = () => {
  const value = {};
  for (let i = 0; i < FIELDS; i++) {
    value[`field${i}`] =
      i % 10 === 0
        ? ['a', 'b', i]
        : i % 10 === 5
          ? new Date(i)
          : i % 3 === 0
            ? i
            : i % 3 === 1
              ? `text ${i}`
              : i % 2 === 0;
  }
  return value;
};

export async function measureFormEquality({ time = 300, warmupTime = 100 } = {}) {
  const a = formValue();
  const b = formValue();
  if (!isDeepEqual(a, b)) throw new Error('the two form values must be equal');
  let saves = 0;
  let rerender;
  function Form({ value }) {
    useAutosave(value, () => void saves++, 800);
    return null;
  }
  const bench = new Bench({ time, warmupTime });
  bench.add('isDeepEqual(form, same content)', () => isDeepEqual(a, b));
  bench.add('re-render of useAutosave(new form object)', () => rerender(), {
    beforeAll() {
      const view = mount(h(Form, { value: formValue() }));
      rerender = () => flushSync(() => view.root.render(h(Form, { value: formValue() })));
      this.view = view;
    },
    afterAll() {
      this.view.unmount();
    },
  });
  await bench.run();
  const ns = (name) => {
    const { result } = bench.getTask(name);
    if (result.state !== 'completed') throw new Error(`${name}: ${result.state} ${result.error ?? ''}`);
    return result.latency.p50 * 1e6;
  };
  const compare = ns('isDeepEqual(form, same content)');
  return { compare, perRender: 2 * compare, rerender: ns('re-render of useAutosave(new form object)'), saves };
}
