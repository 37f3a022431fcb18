/** @vitest-environment jsdom */
// A11 in a form of 100 fields, each with its own useAutosave: a key press renders the field typed into and no
// other, and the hook adds no render per key press (only its status changes render). Outside <StrictMode>,
// which renders every component twice in development.
import { useState } from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useAutosave } from '../../src/index';
import { advance, deferred, flushMicrotasks, type Deferred } from '../helpers/react';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

const FIELDS = 100;

function setup() {
  const renders: number[] = Array(FIELDS).fill(0);
  const saves: { field: number; value: string; done: Deferred<void> }[] = [];
  function Field({ i }: { i: number }) {
    renders[i] = renders[i]! + 1;
    const [value, setValue] = useState('');
    const { status } = useAutosave(
      value,
      (saved) => {
        const done = deferred<void>();
        saves.push({ field: i, value: saved, done });
        return done.promise;
      },
      300,
    );
    return (
      <input
        aria-label={`field ${i}`}
        data-status={status}
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
    );
  }
  render(
    <form>
      {Array.from({ length: FIELDS }, (_, i) => (
        <Field key={i} i={i} />
      ))}
    </form>,
  );
  const type = (i: number, text: string) => {
    const input = screen.getByLabelText(`field ${i}`) as HTMLInputElement;
    for (const char of text) act(() => void fireEvent.change(input, { target: { value: input.value + char } }));
  };
  const rendersSince = (before: number[]) => renders.map((n, i) => n - before[i]!);
  return {
    renders,
    saves,
    type,
    rendersSince,
    status: (i: number) => screen.getByLabelText(`field ${i}`).dataset.status,
  };
}

test('A11 typing 10 characters into one of 100 fields renders that field only: once per key press, once more as it turns pending', async () => {
  const form = setup();
  expect(form.renders.every((n) => n === 1)).toBe(true);
  const before = [...form.renders];
  form.type(7, 'abcdefghij');
  const renders = form.rendersSince(before);
  expect(renders[7]).toBe(10 + 1);
  expect(renders.filter((n, i) => i !== 7 && n !== 0)).toEqual([]);
  expect(form.status(7)).toBe('pending');
  expect(form.saves).toEqual([]);
});

test('A11 a save that starts and ends in one field while another is typed into renders neither the other 98 fields nor more than its status changes', async () => {
  const form = setup();
  form.type(3, 'abc');
  await advance(300);
  expect(form.saves.map((s) => [s.field, s.value])).toEqual([[3, 'abc']]);
  expect(form.status(3)).toBe('saving');
  const before = [...form.renders];
  // Field 40 is typed into while field 3's save is in flight, then field 3's save ends.
  form.type(40, 'xyz');
  await act(async () => {
    form.saves[0]!.done.resolve();
    await flushMicrotasks();
  });
  expect(form.status(3)).toBe('saved');
  const renders = form.rendersSince(before);
  expect(renders[40]).toBe(3 + 1); // three key presses, then pending
  expect(renders[3]).toBe(1); // saving → saved
  expect(renders.filter((n, i) => i !== 3 && i !== 40 && n !== 0)).toEqual([]);
  await advance(300);
  expect(form.saves.map((s) => [s.field, s.value])).toEqual([
    [3, 'abc'],
    [40, 'xyz'],
  ]);
});
