import { checkDelay, checkFunction, fail } from './checkOptions';
import type { RetryOptions } from './types';

/** The retry options, checked: `delay` is always a function whose answer is checked too. */
export interface CheckedRetry {
  attempts: number;
  delay: (attempt: number, error: unknown) => number;
  shouldRetry: ((error: unknown, attempt: number) => boolean) | undefined;
}

/** Exponential backoff: 1000 ms after the first attempt, then 2000, 4000, … at most 30000. */
const backoff = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 30_000);

/** Validates the `retry` option; `undefined` means no retries. */
export function checkRetry(retry: RetryOptions | undefined): CheckedRetry | undefined {
  if (retry === undefined) return;
  if (typeof retry !== 'object' || !retry) fail('retry', 'an object', retry, TypeError);
  const { attempts = 3, delay, shouldRetry } = retry;
  if (!(typeof attempts === 'number' && attempts >= 1 && (Number.isInteger(attempts) || attempts === Infinity)))
    fail('retry.attempts', 'an integer >= 1 or Infinity', attempts);
  if (shouldRetry !== undefined) checkFunction('retry.shouldRetry', shouldRetry);
  const wait = typeof delay === 'function' ? delay : checkDelay(delay, -1, 'retry.delay');
  return {
    attempts,
    // A function's answer is checked when it is given, so that a bad one names itself.
    delay:
      typeof wait === 'function'
        ? (attempt, error) => checkDelay(wait(attempt, error), undefined, 'retry.delay()')
        : wait < 0
          ? backoff
          : () => wait,
    shouldRetry,
  };
}

/**
 * The wait before attempt number `attempt + 1`, after `error` ended attempt number `attempt`, or `undefined`
 * when there is none. It throws what a retry option throws.
 */
export const retryWait = (retry: CheckedRetry | undefined, attempt: number, error: unknown): number | undefined =>
  retry && attempt < retry.attempts && (!retry.shouldRetry || retry.shouldRetry(error, attempt))
    ? retry.delay(attempt, error)
    : undefined;
