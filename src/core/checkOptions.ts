import type { RunnerOptions } from './types';

/** Throws the error that names what was wrong: `react-last-task: delay must be …, got -1`. */
export const fail = (name: string, expected: string, value: unknown, Type: typeof TypeError = RangeError): never => {
  throw new Type(`react-last-task: ${name} must be ${expected}, got ${typeof value == 'string' ? `"${value}"` : String(value)}`);
};

/** Rejects what is not a function, such as a task or a save callback. */
export const checkFunction = (name: string, value: unknown) => {
  if (typeof value != 'function') fail(name, 'a function', value, TypeError);
};

/** Rejects what is not an options object (a common slip is passing the delay itself); `undefined` is none. */
export const checkObject = <O extends object>(value: O | undefined): O =>
  value === undefined ? ({} as O) : typeof value == 'object' && value ? value : fail('options', 'an object', value, TypeError);

/** A finite number >= 0 (Infinity too for maxWait); `undefined` means "not given" and gives `fallback`. */
export const checkDelay = (value: unknown, fallback: number, name = 'delay'): number =>
  value === undefined
    ? fallback
    : typeof value == 'number' && value >= 0 && (value < Infinity || name != 'delay')
      ? value
      : fail(name, name == 'delay' ? 'a finite number >= 0' : 'a number >= 0 or Infinity', value);

export interface CheckedOptions {
  delay: number;
  maxWait: number;
  keepLatest: boolean;
}

/** Validates every option before any is used, so a bad one leaves the runner as it was (R13). */
export const checkOptions = (options: RunnerOptions | undefined): CheckedOptions => {
  const { delay, maxWait, mode } = checkObject(options);
  if (mode !== undefined && mode != 'restart' && mode != 'keepLatest') fail('mode', `"restart" or "keepLatest"`, mode);
  return { delay: checkDelay(delay, 0), maxWait: checkDelay(maxWait, Infinity, 'maxWait'), keepLatest: mode == 'keepLatest' };
};
