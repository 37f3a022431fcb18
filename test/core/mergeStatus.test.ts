import { describe, expect, test } from 'vitest';
import { type AutosaveStatus, mergeStatus } from '../../src/index';
import { mergeStatus as coreMergeStatus } from '../../src/core/index';
import { messageOf, unsafe } from '../helpers/core';

const ORDER: AutosaveStatus[] = ['error', 'saving', 'pending', 'cancelled', 'saved', 'idle'];

describe('mergeStatus', () => {
  test('M1 with no status, or only idle ones, the badge is idle', () => {
    expect(mergeStatus()).toBe('idle');
    expect(mergeStatus('idle')).toBe('idle');
    expect(mergeStatus('idle', 'idle', 'idle')).toBe('idle');
  });

  test('M1 one status is returned as it is', () => {
    for (const status of ORDER) expect(mergeStatus(status)).toBe(status);
  });

  test('M2 the most urgent status wins: error > saving > pending > cancelled > saved > idle (every pair, both orders)', () => {
    ORDER.forEach((higher, i) => {
      for (const lower of ORDER.slice(i)) {
        expect(mergeStatus(higher, lower), `${higher} + ${lower}`).toBe(higher);
        expect(mergeStatus(lower, higher), `${lower} + ${higher}`).toBe(higher);
      }
    });
  });

  test('M2 the order of the arguments and repeated statuses do not matter', () => {
    const statuses: AutosaveStatus[] = ['saved', 'idle', 'pending', 'saved', 'cancelled', 'pending'];
    expect(mergeStatus(...statuses)).toBe('pending');
    expect(mergeStatus(...[...statuses].reverse())).toBe('pending');
    expect(mergeStatus(...statuses, 'saving', 'error')).toBe('error');
    expect(mergeStatus('saved', 'saved', 'idle')).toBe('saved');
    expect(mergeStatus('cancelled', 'saved')).toBe('cancelled');
  });

  test('M3 a value that is not an AutosaveStatus throws a RangeError naming it', () => {
    for (const [bad, shown] of [
      ['sucess', '"sucess"'],
      [undefined, 'undefined'],
      [null, 'null'],
      ['running', '"running"'],
      ['done', '"done"'],
    ] as const) {
      let error: unknown;
      try {
        mergeStatus('saved', unsafe<AutosaveStatus>(bad));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RangeError);
      expect(String(error)).toContain('status');
      expect(String(error)).toContain(shown);
    }
  });

  test('M4 mergeStatus is exported by the React-free core too, and is the same function', () => {
    expect(coreMergeStatus).toBe(mergeStatus);
  });
});

describe('mergeStatus bad input: the message', () => {
  test('mergeStatus of an unknown status names the six it accepts', () => {
    expect(messageOf(() => mergeStatus('saved', unsafe<AutosaveStatus>('nope')))).toMatch(
      / status must be one of error, saving, pending, cancelled, saved, idle, got "nope"$/,
    );
  });
});
