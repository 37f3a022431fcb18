import { describe, expect, test } from 'vitest';
import { isDeepEqual } from '../../src/index';
import { isDeepEqual as fromCore } from '../../src/core/index';

// The default isEqual of useAutosave (A2, amended) compares plain objects and arrays by content.
describe('A2 isDeepEqual: plain objects and arrays by content, Date by time, anything else Object.is', () => {
  test('A2 is exported from both entries', () => {
    expect(fromCore).toBe(isDeepEqual);
  });

  test('A2 primitives by Object.is: NaN equals NaN, 0 is not -0, "1" is not 1, null is not undefined', () => {
    expect(isDeepEqual(NaN, NaN)).toBe(true);
    expect(isDeepEqual(0, -0)).toBe(false);
    expect(isDeepEqual('1', 1)).toBe(false);
    expect(isDeepEqual(null, undefined)).toBe(false);
    expect(isDeepEqual('', '')).toBe(true);
  });

  test('A2 plain objects and arrays by content, recursively; key order does not matter', () => {
    expect(isDeepEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(isDeepEqual({ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'y' }] })).toBe(false);
    expect(isDeepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(isDeepEqual({ a: undefined }, { b: undefined })).toBe(false);
    expect(isDeepEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(isDeepEqual([], {})).toBe(false);
    expect(
      isDeepEqual(Object.assign(Object.create(null), { a: 1 }), Object.assign(Object.create(null), { a: 1 })),
    ).toBe(true);
    expect(isDeepEqual(Object.create(null), {})).toBe(false); // not the same kind of object
    expect(isDeepEqual({ toString: Object.prototype.toString }, { a: 1 })).toBe(false); // own keys only
    expect(isDeepEqual({ a: null }, { a: {} })).toBe(false);
    expect(isDeepEqual({ a: {} }, { a: null })).toBe(false);
    expect(isDeepEqual([], null)).toBe(false);
  });

  test('A2 Dates by their time; other objects (class instances, Map, Set, functions) by identity', () => {
    expect(isDeepEqual(new Date(5), new Date(5))).toBe(true);
    expect(isDeepEqual(new Date(5), new Date(6))).toBe(false);
    expect(isDeepEqual({ at: new Date(5) }, { at: new Date(5) })).toBe(true);
    expect(isDeepEqual(new Date(5), 5)).toBe(false);
    class Point {
      constructor(public x: number) {}
    }
    expect(isDeepEqual(new Point(1), new Point(1))).toBe(false);
    expect(isDeepEqual(new Map(), new Map())).toBe(false);
    expect(isDeepEqual({ m: new Set() }, { m: new Set() })).toBe(false);
    const f = () => 1;
    expect(isDeepEqual({ f }, { f })).toBe(true);
    expect(isDeepEqual({ f }, { f: () => 1 })).toBe(false);
    // A function is compared by identity even when its prototype is Object.prototype (it has no own keys).
    const g = Object.setPrototypeOf(() => 1, Object.prototype) as object;
    expect(isDeepEqual(g, {})).toBe(false);
    expect(isDeepEqual({}, g)).toBe(false);
  });

  test('A2 cyclic values do not hang: equal cycles are equal, different ones are not', () => {
    type Node = { name: string; self?: Node; list: unknown[] };
    const a: Node = { name: 'a', list: [] };
    a.self = a;
    a.list.push(a);
    const b: Node = { name: 'a', list: [] };
    b.self = b;
    b.list.push(b);
    const c: Node = { name: 'c', list: [] };
    c.self = c;
    c.list.push(c);
    expect(isDeepEqual(a, b)).toBe(true);
    expect(isDeepEqual(a, c)).toBe(false);
    expect(isDeepEqual(a, a)).toBe(true);
  });

  test('A2 a cycle on one side only is compared by content: it is met again there, not on the other side', () => {
    type Loop = { next: unknown };
    const loop: Loop = { next: undefined };
    loop.next = loop;
    // Two levels of the same shape, then a number where the cycle has an object again.
    expect(isDeepEqual({ next: { next: 1 } }, loop)).toBe(false);
    expect(isDeepEqual(loop, { next: { next: 1 } })).toBe(false);
  });
});
