// No jsdom here: server rendering runs in the plain node environment, where there is no window (B11).
import { renderToString } from 'react-dom/server';
import { afterEach, expect, test, vi } from 'vitest';
import { useStatusBadge, type AutosaveStatus } from '../../src/index';
import { withFakeClock } from '../helpers/core';

withFakeClock();

afterEach(() => {
  vi.restoreAllMocks();
});

function Badge({ status }: { status: AutosaveStatus }) {
  return <p>{`badge:${useStatusBadge(status, { showAfter: 300, minVisible: 500, savedFor: 2000 })}`}</p>;
}

test('B11 the server environment has no window (this file does not run in jsdom)', () => {
  expect(typeof window).toBe('undefined');
});

test.each(['idle', 'pending', 'saving', 'saved', 'cancelled', 'error'] as const)(
  'B11 server rendering shows %s as it is and creates no timer',
  (status) => {
    expect(renderToString(<Badge status={status} />)).toContain(`badge:${status}`);
    expect(vi.getTimerCount()).toBe(0);
  },
);

test('B11 server rendering logs no error or warning', () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
  renderToString(
    <>
      <Badge status="saving" />
      <Badge status="saved" />
    </>,
  );
  expect(errors).not.toHaveBeenCalled();
  expect(warnings).not.toHaveBeenCalled();
  expect(vi.getTimerCount()).toBe(0);
});
