import { renderHook } from '@testing-library/react';
import { useAutosave, type TaskContext, type UseAutosaveOptions } from '../../src/index';
import { controlledSave, wrapperFor } from './helpers';

export interface AutosaveProps<T, R> {
  value: T;
  save: (value: T, ctx: TaskContext<R>) => R | PromiseLike<R>;
  delay?: number | undefined;
  options?: UseAutosaveOptions<T, R> | undefined;
}

/**
 * Renders useAutosave in a tiny hook component (optionally inside <StrictMode>) with a controlled save,
 * counts the component's renders, and lets a test change the value or any other argument.
 */
export function mountAutosave<T, R = string>(
  initial: T,
  config: { strict: boolean; delay?: number; options?: UseAutosaveOptions<T, R> },
) {
  const controlled = controlledSave<T, R>();
  let renders = 0;
  let props: AutosaveProps<T, R> = {
    value: initial,
    save: controlled.save,
    delay: config.delay,
    options: config.options,
  };
  const hook = renderHook(
    (p: AutosaveProps<T, R>) => {
      renders++;
      return useAutosave(p.value, p.save, p.delay, p.options);
    },
    { initialProps: props, ...wrapperFor(config.strict) },
  );
  const update = (patch: Partial<AutosaveProps<T, R>>) => {
    props = { ...props, ...patch };
    hook.rerender(props);
  };
  return {
    ...controlled,
    ...hook,
    update,
    change: (value: T) => update({ value }),
    renders: () => renders,
  };
}
