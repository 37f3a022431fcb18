/** `seen` holds the pairs being compared further up, two entries a pair: a cycle meets one of them again. */
function equal(a: unknown, b: unknown, seen?: unknown[]): boolean {
  if (Object.is(a, b)) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.getPrototypeOf(b)) return false;
  if (proto === Date.prototype) return Object.is(+a, +b);
  if (proto && proto !== Object.prototype && proto !== Array.prototype) return false;
  // Made only for objects, so that comparing primitives allocates nothing. Met again inside itself: equal so far,
  // and the rest of the comparison decides.
  seen ||= [];
  for (let i = 0; i < seen.length; i += 2) if (seen[i] === a && seen[i + 1] === b) return true;
  const keys = Object.keys(a);
  seen.push(a, b);
  const same =
    keys.length === Object.keys(b).length &&
    keys.every(
      (key) =>
        Object.prototype.hasOwnProperty.call(b, key) &&
        equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], seen),
    );
  seen.length -= 2;
  return same;
}

/**
 * Whether two values have the same content: plain objects (made by `{}`, or both by `Object.create(null)`) and
 * arrays compared key by key, recursively; `Date`s by their time; anything else (class instances, `Map`, `Set`,
 * functions, primitives) by `Object.is`. Cyclic values are compared without hanging. `useAutosave`'s default
 * `isEqual`, so that a form library's new object with the same fields on every render is not a change.
 *
 * @example
 * isDeepEqual({ title: 'a', tags: ['x'] }, { title: 'a', tags: ['x'] }); // true
 * useAutosave(form, save, 800, { isEqual: (a, b) => isDeepEqual(omit(a, 'updatedAt'), omit(b, 'updatedAt')) });
 */
export const isDeepEqual = (a: unknown, b: unknown): boolean => equal(a, b);
