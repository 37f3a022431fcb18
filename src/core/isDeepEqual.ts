const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** `seen` holds the pairs being compared further up, two entries a pair: a cycle meets one of them again. */
function equal(a: unknown, b: unknown, seen: unknown[]): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a != 'object' || typeof b != 'object' || !a || !b) return false;
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  const array = Array.isArray(a);
  if (array != Array.isArray(b) || (!array && !(isPlain(a) && isPlain(b)))) return false;
  // Met again inside itself: equal so far, and the rest of the comparison decides.
  for (let i = 0; i < seen.length; i += 2) if (seen[i] === a && seen[i + 1] === b) return true;
  const keys = Object.keys(a);
  if (keys.length != Object.keys(b).length) return false;
  seen.push(a, b);
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const same = keys.every((key) => Object.prototype.hasOwnProperty.call(y, key) && equal(x[key], y[key], seen));
  seen.length -= 2;
  return same;
}

/**
 * Whether two values have the same content: plain objects (made by `{}` or `Object.create(null)`) and arrays
 * compared key by key, recursively; `Date`s by their time; anything else (class instances, `Map`, `Set`,
 * functions, primitives) by `Object.is`. Cyclic values are compared without hanging. `useAutosave`'s default
 * `isEqual`, so that a form library's new object with the same fields on every render is not a change.
 *
 * @example
 * isDeepEqual({ title: 'a', tags: ['x'] }, { title: 'a', tags: ['x'] }); // true
 * useAutosave(form, save, 800, { isEqual: (a, b) => isDeepEqual(omit(a, 'updatedAt'), omit(b, 'updatedAt')) });
 */
export const isDeepEqual = (a: unknown, b: unknown): boolean => equal(a, b, []);
