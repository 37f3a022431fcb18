/** @vitest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ProfileForm } from '../../examples/recipes/react-hook-form';
import { advance, fakeFetch } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const profile = { name: 'Ada', address: { city: 'London' } };

describe('useAutosave(watch()) with react-hook-form', () => {
  test('G1 an invalid form (no name) is held: nothing is saved until the name is back', async () => {
    const server = fakeFetch();
    render(<ProfileForm profile={profile} />);
    await advance(0); // react-hook-form validates on mount, asynchronously
    const name = screen.getByLabelText('Name');
    fireEvent.input(name, { target: { value: '' } });
    await advance(0); // the validation's result renders (one act() per step, or React commits it only at the end)
    await advance(5000);
    expect(server.requests).toHaveLength(0);
    expect(screen.getByText('A name is needed')).toBeTruthy();
    fireEvent.input(name, { target: { value: 'Bob' } });
    await advance(0); // validation runs after the input, asynchronously, then the save is let go
    await advance(800);
    expect(server.requests).toHaveLength(1);
    expect(server.last().body).toMatchObject({ name: 'Bob' });
  });

  test('A1 A2 mounting and re-rendering save nothing (watch() is a new object per render)', async () => {
    const server = fakeFetch();
    const { rerender } = render(<ProfileForm profile={profile} />);
    await advance(0); // react-hook-form validates on mount, asynchronously
    rerender(<ProfileForm profile={profile} />);
    await advance(0); // react-hook-form validates on mount, asynchronously
    await advance(5000);
    expect(server.requests).toHaveLength(0);
  });

  test('A2 A3 K1 a typed name is saved once after the pause, with ctx.key; a 500 says "Not saved"', async () => {
    const server = fakeFetch();
    render(<ProfileForm profile={profile} />);
    await advance(0); // react-hook-form validates on mount, asynchronously
    const name = screen.getByLabelText('Name');
    for (const value of ['Ad', 'A', 'Al', 'Ali', 'Alic', 'Alice']) {
      fireEvent.input(name, { target: { value } });
      await advance(100);
    }
    await advance(800);
    expect(server.requests).toHaveLength(1);
    expect(server.last().body).toEqual({ name: 'Alice', address: { city: 'London' }, key: expect.any(Number) });
    await server.last().respond(500);
    expect(screen.getByText('Not saved')).toBeTruthy();
  });

  test('A2 a nested field edited in place by react-hook-form is a change, saved with its new content', async () => {
    const server = fakeFetch();
    render(<ProfileForm profile={profile} />);
    await advance(0); // react-hook-form validates on mount, asynchronously
    fireEvent.input(screen.getByLabelText('City'), { target: { value: 'Paris' } });
    await advance(800);
    expect(server.requests).toHaveLength(1);
    expect(server.last().body).toMatchObject({ name: 'Ada', address: { city: 'Paris' } });
    await server.last().respond(200);
    expect(screen.getByText('Saved')).toBeTruthy();
    // and back to the first city is a change again
    fireEvent.input(screen.getByLabelText('City'), { target: { value: 'London' } });
    await advance(800);
    expect(server.requests).toHaveLength(2);
    expect(server.last().body).toMatchObject({ address: { city: 'London' } });
  });
});
