/** @vitest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { NoteForm } from '../../examples/recipes/autosave-form';
import { advance, fakeFetch, type FakeRequest } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const note = { id: 'n1', title: 'Shopping', body: '' };

/** Every text the live region has held, in order (a MutationObserver sees each change, even brief ones). */
function recordLiveRegion() {
  const region = screen.getByRole('status');
  const texts: string[] = [region.textContent ?? ''];
  const observer = new MutationObserver(() => {
    const text = region.textContent ?? '';
    if (text !== texts[texts.length - 1]) texts.push(text);
  });
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  return { region, texts, stop: () => observer.disconnect() };
}

/** The visible badge: the span before the live region. */
const badge = () => screen.getByRole('status').previousElementSibling?.textContent;

async function type(box: HTMLElement, text: string, pause = 120) {
  for (let i = 1; i <= text.length; i++) {
    fireEvent.change(box, { target: { value: text.slice(0, i) } });
    await advance(pause);
  }
}

describe('a badge screen readers can live with', () => {
  test('over a typing session the live region changes only on saved and on error; the visible badge is not live', async () => {
    const server = fakeFetch();
    render(<NoteForm note={note} />);
    const live = recordLiveRegion();
    const body = screen.getByLabelText('Body');
    expect(screen.getAllByRole('status')).toHaveLength(1);
    expect(document.querySelector('[aria-live]')).toBeNull(); // the visible badge announces nothing

    await type(body, 'milk');
    expect(badge()).toBe('Unsaved changes');
    await advance(800);
    await advance(400); // the save is slow: the visible badge says Saving…
    expect(badge()).toBe('Saving…');
    await server.last().respond(200);
    expect(live.texts).toEqual(['', 'Saved']);

    await type(body, 'milk, eggs');
    await advance(800);
    await server.last().respond(500);
    expect(badge()).toBe('Couldn’t save');
    await type(body, 'milk, eggs, bread');
    await advance(800);
    await server.last().respond(200);
    live.stop();
    expect(live.texts).toEqual(['', 'Saved', 'Couldn’t save: Error: HTTP 500', 'Saved']);
    expect(server.last().body).toEqual({ title: 'Shopping', body: 'milk, eggs, bread', key: expect.any(Number) });
  });

  test('B4 "Saved" becomes "Saved 2 minutes ago" (Intl.RelativeTimeFormat), then hours', async () => {
    const server = fakeFetch();
    render(<NoteForm note={note} />);
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Groceries' } });
    await advance(800);
    await server.last().respond(200);
    expect(badge()).toBe('Saved');
    await advance(150_000);
    expect(badge()).toBe('Saved 2 minutes ago');
    await advance(2 * 3_600_000);
    expect(badge()).toBe('Saved 2 hours ago');
    expect(screen.getByRole('status').textContent).toBe('Saved'); // announced once, not re-announced by the clock
  });

  test('A3 A8 a 500 is not saved: Save now stays enabled and sends it again', async () => {
    const server = fakeFetch();
    render(<NoteForm note={note} />);
    const button = screen.getByText('Save now') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Groceries' } });
    await advance(800);
    await server.last().respond(500);
    expect(button.disabled).toBe(false);
    await act(async () => fireEvent.click(button));
    expect(server.requests).toHaveLength(2);
    await server.last().respond(200);
    expect(button.disabled).toBe(true);
  });
});

describe('a note typed into without a pause', () => {
  test('A4 R5: with maxWait and keepLatest a save lands while the user keeps typing, though the server takes 1 s', async () => {
    const server = fakeFetch();
    render(<NoteForm note={note} />);
    const body = screen.getByLabelText('Body');
    let text = '';
    const answered: string[] = [];
    const sentAt = new Map<FakeRequest, number>();
    // 12 s of typing, a key every 120 ms: never the 800 ms pause, and each save takes the server 1 s.
    for (let elapsed = 0; elapsed < 12_000; elapsed += 120) {
      text += 'a';
      fireEvent.change(body, { target: { value: text } });
      await advance(120);
      for (const request of server.open()) {
        if (!sentAt.has(request)) sentAt.set(request, Date.now());
        else if (Date.now() - sentAt.get(request)! >= 1000) {
          answered.push((request.body as { body: string }).body);
          await request.respond(200);
        }
      }
    }
    expect(server.requests.filter((request) => request.signal?.aborted)).toEqual([]);
    expect(answered.length, 'saves that landed during 12 s of typing').toBeGreaterThanOrEqual(2);
    expect(answered[0]!.length, 'the first save is of the text typed by maxWait (5 s)').toBeGreaterThanOrEqual(40);
  });
});
