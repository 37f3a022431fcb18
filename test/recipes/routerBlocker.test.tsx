/** @vitest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Link, RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { NoteEditor } from '../../examples/recipes/router-blocker';
import { advance, fakeFetch } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function mount() {
  const server = fakeFetch();
  const router = createMemoryRouter(
    [
      {
        path: '/',
        element: (
          <>
            <NoteEditor id="n1" initial="" />
            <Link to="/elsewhere">Elsewhere</Link>
          </>
        ),
      },
      { path: '/elsewhere', element: <h1>Elsewhere</h1> },
    ],
    { initialEntries: ['/'] },
  );
  render(<RouterProvider router={router} />);
  const badge = () => screen.getByLabelText('Note').nextElementSibling?.textContent;
  return { server, router, badge };
}

describe('leaving inside the app (React Router useBlocker)', () => {
  test('A8 a dirty form saves at once on a link click, then the router goes', async () => {
    const { server, router, badge } = mount();
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'unsaved words' } });
    await advance(100); // well before the autosave's 800 ms
    await act(async () => fireEvent.click(screen.getByText('Elsewhere')));
    expect(router.state.location.pathname).toBe('/');
    expect(badge()).toBe('Saving before leaving…');
    expect(server.requests).toHaveLength(1);
    expect(server.last().body).toEqual({ body: 'unsaved words', key: expect.any(Number) });
    await server.last().respond(204);
    expect(router.state.location.pathname).toBe('/elsewhere');
    expect(screen.getByRole('heading').textContent).toBe('Elsewhere');
  });

  test('A3 A8 if that save fails the page stays, with the error shown and the text kept', async () => {
    const { server, router, badge } = mount();
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'unsaved words' } });
    await act(async () => fireEvent.click(screen.getByText('Elsewhere')));
    await server.last().respond(500);
    expect(router.state.location.pathname).toBe('/');
    expect(badge()).toBe('Not saved (Error: HTTP 500): you are still here');
    expect((screen.getByLabelText('Note') as HTMLTextAreaElement).value).toBe('unsaved words');
    // a second try that works lets the user go
    await act(async () => fireEvent.click(screen.getByText('Elsewhere')));
    expect(server.requests).toHaveLength(2);
    await server.last().respond(200);
    expect(router.state.location.pathname).toBe('/elsewhere');
  });

  test('A8 a save already in flight is waited for, not sent twice; a clean form leaves at once', async () => {
    const { server, router } = mount();
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'words' } });
    await advance(800);
    expect(server.requests).toHaveLength(1);
    await act(async () => fireEvent.click(screen.getByText('Elsewhere')));
    expect(server.requests).toHaveLength(1);
    expect(router.state.location.pathname).toBe('/');
    await server.last().respond(200);
    expect(router.state.location.pathname).toBe('/elsewhere');
    await act(async () => router.navigate('/'));
    await act(async () => fireEvent.click(screen.getByText('Elsewhere')));
    expect(router.state.location.pathname).toBe('/elsewhere');
    expect(server.requests).toHaveLength(1);
  });
});
