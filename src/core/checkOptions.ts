import type { RetryOptions, RunnerOptions } from './types';

/** 2^31 - 1 ms (about 24.8 days): setTimeout fires at once for a longer wait, so such a wait is cut in parts. */
export const MAX_WAIT = 2_147_483_647;

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

/**
 * A number >= 0, finite unless `infinite` (`maxWait` and the badge's times may be `Infinity`, a delay may not);
 * `undefined` means "not given" and gives `fallback`.
 */
export const checkDelay = (value: unknown, fallback: number, name = 'delay', infinite?: boolean): number =>
  value === undefined
    ? fallback
    : typeof value == 'number' && value >= 0 && (value < Infinity || infinite)
      ? value
      : fail(name, infinite ? 'a number >= 0 or Infinity' : 'a finite number >= 0', value);

/** A finite number; `undefined` means "not given" and gives 0. */
export const checkPriority = (value: unknown): number =>
  value === undefined ? 0 : typeof value == 'number' && isFinite(value) ? value : fail('priority', 'a finite number', value);

/** Exponential backoff: 1000 ms after the first attempt, then 2000, 4000, … at most 30000. */
const backoff = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 30_000);

export interface CheckedRetry {
  attempts: number;
  delay: (attempt: number, error: unknown) => number;
  shouldRetry: ((error: unknown, attempt: number) => boolean) | undefined;
}

const checkRetry = (retry: RetryOptions | undefined): CheckedRetry | undefined => {
  if (retry === undefined) return;
  if (typeof retry != 'object' || !retry) fail('retry', 'an object', retry, TypeError);
  const { attempts = 3, delay, shouldRetry } = retry;
  if (!(typeof attempts == 'number' && attempts >= 1 && (Number.isInteger(attempts) || attempts == Infinity)))
    fail('retry.attempts', 'an integer >= 1 or Infinity', attempts);
  if (shouldRetry !== undefined) checkFunction('retry.shouldRetry', shouldRetry);
  const wait = typeof delay == 'function' ? delay : checkDelay(delay, -1, 'retry.delay');
  return {
    attempts,
    // A function's answer is checked when it is given, so that a bad one names itself.
    delay:
      typeof wait == 'function'
        ? (attempt, error) => {
            const ms = wait(attempt, error);
            return ms === undefined ? fail('retry.delay()', 'a finite number >= 0', ms) : checkDelay(ms, 0, 'retry.delay()');
          }
        : wait < 0
          ? backoff
          : () => wait,
    shouldRetry,
  };
};

export interface CheckedOptions {
  delay: number;
  maxWait: number;
  keepLatest: boolean;
  retry: CheckedRetry | undefined;
}

/** Validates every option before any is used, so a bad one leaves the runner as it was (R13). */
export const checkOptions = (options: RunnerOptions | undefined): CheckedOptions => {
  const { delay, maxWait, mode, retry } = checkObject(options);
  if (mode !== undefined && mode != 'restart' && mode != 'keepLatest') fail('mode', `"restart" or "keepLatest"`, mode);
  return {
    delay: checkDelay(delay, 0),
    maxWait: checkDelay(maxWait, Infinity, 'maxWait', true),
    keepLatest: mode == 'keepLatest',
    retry: checkRetry(retry),
  };
};
