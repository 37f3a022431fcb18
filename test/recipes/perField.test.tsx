/** @vitest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ProfileForm } from '../../examples/recipes/per-field';
import { advance, fakeFetch } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the per-field recipe', () => {
  test('M2 each field saves on its own with its own key; one badge; a 500 in one field shows the error', async () => {
    const server = fakeFetch();
    render(<ProfileForm profile={{ id: 'p1', name: 'Ada', bio: '' }} />);
    const badge = () => screen.getByLabelText('Bio').nextElementSibling?.textContent;
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Ada L.' } });
    await advance(400);
    fireEvent.change(screen.getByLabelText('Bio'), { target: { value: 'Maths' } });
    await advance(400);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/profiles/p1/name']);
    await advance(400);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/profiles/p1/name', '/api/profiles/p1/bio']);
    const [name, bio] = server.requests;
    expect(name!.body).toEqual({ value: 'Ada L.', key: expect.any(Number) });
    expect(bio!.body).toEqual({ value: 'Maths', key: expect.any(Number) });
    expect(name!.signal?.aborted).toBe(false); // typing in the bio did not abort the name's save
    await bio!.respond(200);
    await name!.respond(500);
    expect(badge()).toBe('Couldn’t save');
  });
});
