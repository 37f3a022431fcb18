import type { RunnerOptions } from './types';

const fail = (name: string, expected: string, value: unknown, Error: typeof TypeError = RangeError): never => {
  throw new Error(
    `react-last-task: ${name} must be ${expected}, got ${typeof value == 'string' ? `"${value}"` : String(value)}`,
  );
};

/** Rejects what is not an options object (a common slip is passing the delay itself). */
export const checkObject = <O extends object>(name: string, value: O | undefined): O =>
  value === undefined ? ({} as O) : typeof value == 'object' && value ? value : fail(name, 'an object', value, TypeError);

/** Rejects what is not a function, such as a task or a save callback. */
export const checkFunction = <F>(name: string, value: F): F =>
  typeof value == 'function' ? value : fail(name, 'a function', value, TypeError);

/** A finite number >= 0 (or, with `infinite`, Infinity too); `undefined` means "not given" and gives `fallback`. */
export const checkDelay = (name: string, value: unknown, fallback: number, infinite?: boolean): number =>
  value === undefined
    ? fallback
    : typeof value == 'number' && value >= 0 && (infinite || value < Infinity)
      ? value
      : fail(name, infinite ? 'a number >= 0 or Infinity' : 'a finite number >= 0', value);

export interface CheckedOptions {
  delay: number;
  maxWait: number;
  keepLatest: boolean;
}

/** Validates every option before any is used, so a bad one leaves the runner as it was (R13). */
export const checkOptions = (input: RunnerOptions | undefined): CheckedOptions => {
  const { delay, maxWait, mode } = checkObject('options', input);
  if (mode !== undefined && mode != 'restart' && mode != 'keepLatest') fail('mode', `"restart" or "keepLatest"`, mode);
  return {
    delay: checkDelay('delay', delay, 0),
    maxWait: checkDelay('maxWait', maxWait, Infinity, true),
    keepLatest: mode == 'keepLatest',
  };
};
