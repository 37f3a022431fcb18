import { checkRetry, type CheckedRetry } from './retry';
import type { RunnerOptions } from './types';

type Mode = NonNullable<RunnerOptions['mode']>;

/** 2^31 - 1 ms (about 24.8 days): setTimeout fires at once for a longer wait, so such a wait is cut in parts. */
export const MAX_WAIT = 2_147_483_647;

/** Throws the error that names what was wrong: `react-last-task: delay must be …, got -1`. */
export const fail = (name: string, expected: string, value: unknown, Type: typeof TypeError = RangeError): never => {
  throw new Type(
    `react-last-task: ${name} must be ${expected}, got ${typeof value === 'string' ? `"${value}"` : String(value)}`,
  );
};

/** Rejects what is not a function, such as a task or a save callback. */
export const checkFunction = (name: string, value: unknown) => {
  if (typeof value !== 'function') fail(name, 'a function', value, TypeError);
};

/** Rejects what is not an options object (a common slip is passing the delay itself); `undefined` is none. */
export const checkObject = <O extends object>(value: O | undefined): O =>
  value === undefined
    ? ({} as O)
    : typeof value === 'object' && value
      ? value
      : fail('options', 'an object', value, TypeError);

/**
 * A number >= 0, finite unless `infinite` (`maxWait` and the badge's times may be `Infinity`, a delay may not);
 * `undefined` means "not given" and gives `fallback`, unless there is none: then it is required.
 */
export const checkDelay = (value: unknown, fallback: number | undefined, name = 'delay', infinite?: boolean): number =>
  value === undefined && fallback !== undefined
    ? fallback
    : typeof value === 'number' && value >= 0 && (value < Infinity || infinite)
      ? value
      : fail(name, infinite ? 'a number >= 0 or Infinity' : 'a finite number >= 0', value);

/** A finite number; `undefined` means "not given" and gives 0. */
export const checkPriority = (value: unknown): number =>
  value === undefined
    ? 0
    : typeof value === 'number' && isFinite(value)
      ? value
      : fail('priority', 'a finite number', value);

export interface CheckedOptions {
  delay: number;
  maxWait: number;
  mode: Mode;
  retry: CheckedRetry | undefined;
}

/** Validates every option before any is used, so a bad one leaves the runner as it was (R13). */
export const checkOptions = (options: RunnerOptions | undefined): CheckedOptions => {
  const { delay, maxWait, mode = 'restart', retry } = checkObject(options);
  if (mode !== 'restart' && mode !== 'keepLatest') fail('mode', `"restart" or "keepLatest"`, mode);
  return {
    delay: checkDelay(delay, 0),
    maxWait: checkDelay(maxWait, Infinity, 'maxWait', true),
    mode,
    retry: checkRetry(retry),
  };
};
