/** @vitest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PriceTable } from '../../examples/recipes/price-list';
import { advance, fakeFetch } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const rows = [
  { id: 'tea', name: 'Tea', price: 3 },
  { id: 'cake', name: 'Cake', price: 4.5 },
];
const row = (name: string) => screen.getByText(name).closest('tr')!;
const word = (name: string) => row(name).lastElementChild?.textContent;

describe('the price list recipe', () => {
  test('L1 L8 a box emptied to retype stores nothing (never 0); the retyped price is saved once with ctx.key', async () => {
    const server = fakeFetch();
    render(<PriceTable rows={rows} />);
    const tea = screen.getByLabelText('Price of Tea');
    fireEvent.change(tea, { target: { value: '' } });
    expect(word('Tea')).toBe('Not a price');
    await advance(2000);
    expect(server.requests).toHaveLength(0);
    for (const text of ['3', '3.', '3.5']) {
      fireEvent.change(tea, { target: { value: text } });
      await advance(100);
    }
    await advance(500);
    expect(server.requests).toHaveLength(1);
    expect(server.last()).toMatchObject({
      url: '/api/rows/tea',
      method: 'PUT',
      body: { price: 3.5, key: expect.any(Number) },
    });
    await server.last().respond(200);
    expect(word('Tea')).toBe('Saved');
  });

  test('L8 emptying the box drops the save that was waiting for the old text', async () => {
    const server = fakeFetch();
    render(<PriceTable rows={rows} />);
    const tea = screen.getByLabelText('Price of Tea');
    fireEvent.change(tea, { target: { value: '31' } });
    await advance(200);
    fireEvent.change(tea, { target: { value: '' } });
    await advance(2000);
    expect(server.requests).toHaveLength(0);
  });

  test('L1 L5 rows save on their own; a 500 marks that row "Not saved" and the caption, not the other row', async () => {
    const server = fakeFetch();
    render(<PriceTable rows={rows} />);
    fireEvent.change(screen.getByLabelText('Price of Tea'), { target: { value: '4' } });
    await advance(500);
    const teaSave = server.last();
    fireEvent.change(screen.getByLabelText('Price of Cake'), { target: { value: '5' } });
    await advance(500);
    expect(teaSave.signal?.aborted).toBe(false);
    expect(server.open().map((r) => r.url)).toEqual(['/api/rows/tea', '/api/rows/cake']);
    await server.requests[1]!.respond(200);
    await teaSave.respond(500);
    expect(word('Tea')).toBe('Not saved');
    expect(word('Cake')).toBe('Saved');
    expect(screen.getByText('Some prices were not saved')).toBeTruthy();
  });
});
