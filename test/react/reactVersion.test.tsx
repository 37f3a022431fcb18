/** @vitest-environment jsdom */
import { version as domVersion } from 'react-dom';
import { version } from 'react';
import { expect, test } from 'vitest';

test('the suite runs against the React major its project names', () => {
  const major = process.env.REACT_VERSION;
  expect(major === '18' || major === '19').toBe(true);
  expect(version.split('.')[0]).toBe(major);
  expect(domVersion.split('.')[0]).toBe(major);
});
