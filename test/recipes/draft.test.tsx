/** @vitest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DocBody } from '../../examples/recipes/draft';
import { advance } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  localStorage.clear();
});
afterEach(() => {
  localStorage.clear();
});

const doc = { id: 'd1', body: 'stored', key: Date.parse('2025-12-31T00:00:00Z') * 1000 };

describe('the useDraft example', () => {
  test('D1 D4 text typed just before a reload is restored from the draft and saved, with a key after the stored one', async () => {
    const lost = vi.fn(() => new Promise<void>(() => {})); // the tab dies before the save lands
    const first = render(<DocBody doc={doc} saveBody={lost} />);
    fireEvent.change(screen.getByLabelText('Body'), { target: { value: 'stored, and more' } });
    await advance(100);
    first.unmount(); // a reload: no save was made
    expect(lost).not.toHaveBeenCalled();

    const save = vi.fn(async (_body: string, _ctx: { key: number }) => {});
    render(<DocBody doc={doc} saveBody={save} />);
    await advance(0);
    expect((screen.getByLabelText('Body') as HTMLTextAreaElement).value).toBe('stored, and more');
    await advance(800);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]![0]).toBe('stored, and more');
    expect(save.mock.calls[0]![1].key).toBeGreaterThan(doc.key);
    await advance(0);
    expect(screen.getByText('Saved')).toBeTruthy();
  });
});
