/** @vitest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SearchBox } from '../../examples/recipes/search';
import { advance, fakeFetch } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const titles = () => screen.queryAllByRole('listitem').map((li) => li.textContent);

describe('the search recipe', () => {
  test('R6 R10 an HTTP 500 with a JSON error body shows an error and never crashes the app', async () => {
    const server = fakeFetch();
    render(<SearchBox />);
    const box = screen.getByLabelText('Search');
    fireEvent.change(box, { target: { value: 'react' } });
    await advance(150);
    await server.last().respond(500, { error: 'Internal Server Error' });
    expect(screen.getByRole('alert').textContent).toBe('Couldn’t search: Error: HTTP 500');
    expect(titles()).toEqual([]);
    fireEvent.change(box, { target: { value: 'redux' } });
    await advance(150);
    await server.last().respond(200, [{ id: '1', title: 'Redux' }]);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(titles()).toEqual(['Redux']);
  });

  test('R6 R10 a 200 that is not a list is an error too, and the previous results stay', async () => {
    const server = fakeFetch();
    render(<SearchBox />);
    const box = screen.getByLabelText('Search');
    fireEvent.change(box, { target: { value: 'react' } });
    await advance(150);
    await server.last().respond(200, [{ id: '1', title: 'React' }]);
    fireEvent.change(box, { target: { value: 'reac' } });
    await advance(150);
    await server.last().respond(200, { results: [] });
    expect(screen.getByRole('alert').textContent).toBe('Couldn’t search: Error: The server did not send a list');
    expect(titles()).toEqual(['React']);
  });

  test('R3 B2 only the last query counts; a slow one shows "Searching…", a fast one never does', async () => {
    const server = fakeFetch();
    render(<SearchBox />);
    const box = screen.getByLabelText('Search');
    fireEvent.change(box, { target: { value: 're' } });
    await advance(150);
    const older = server.last();
    fireEvent.change(box, { target: { value: 'react' } });
    expect(older.signal?.aborted).toBe(true);
    await advance(150);
    await server.last().respond(200, [{ id: '1', title: 'React' }]);
    await older.respond(200, [{ id: '2', title: 'Regex' }]); // too late, and aborted: ignored
    expect(titles()).toEqual(['React']);
    await advance(5000);
    // a fast answer: 150 ms of delay and 50 ms on the wire, under the badge's 300 ms
    fireEvent.change(box, { target: { value: 'react h' } });
    await advance(150);
    await advance(50);
    expect(screen.queryByText('Searching…')).toBeNull();
    await server.last().respond(200, [{ id: '3', title: 'React hooks' }]);
    expect(screen.queryByText('Searching…')).toBeNull();
    // a slow one
    fireEvent.change(box, { target: { value: 'react hooks' } });
    await advance(150);
    await advance(400);
    expect(screen.getByText('Searching…')).toBeTruthy();
    expect(server.last().url).toBe('/api/search?q=react%20hooks');
    await server.last().respond(200, []);
    expect(titles()).toEqual([]);
  });

  test('emptying the box after a failed query clears the error too', async () => {
    const server = fakeFetch();
    render(<SearchBox />);
    const box = screen.getByLabelText('Search');
    fireEvent.change(box, { target: { value: 'react!' } });
    await advance(150);
    await server.last().respond(500);
    expect(screen.getByRole('alert').textContent).toBe('Couldn’t search: Error: HTTP 500');
    fireEvent.change(box, { target: { value: '' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(titles()).toEqual([]);
  });

  test('R8 emptying the box drops the query in flight and clears the list', async () => {
    const server = fakeFetch();
    render(<SearchBox />);
    const box = screen.getByLabelText('Search');
    fireEvent.change(box, { target: { value: 'react' } });
    await advance(150);
    await server.last().respond(200, [{ id: '1', title: 'React' }]);
    fireEvent.change(box, { target: { value: 'reactx' } });
    await advance(150);
    const inFlight = server.last();
    fireEvent.change(box, { target: { value: '' } });
    expect(inFlight.signal?.aborted).toBe(true);
    await advance(1000);
    expect(server.requests).toHaveLength(2);
    expect(titles()).toEqual([]);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
