/** The greatest ordering key this page has issued or seen. */
let greatest = 0;

/**
 * The next ordering key (`ctx.key`): a safe integer greater than every key this page issued or observed
 * before. It counts microseconds since 1970 (`Date.now() * 1000`), and one more than the greatest key where
 * that is not more, so keys also keep increasing across page loads and tabs of one browser as long as its
 * clock does not go back by more than the time between them. `now` is a `Date.now()` the caller has read.
 */
export function nextKey(now = Date.now()): number {
  const micros = now * 1000;
  return (greatest = micros > greatest ? micros : greatest + 1);
}

/**
 * Raises the floor of the keys this page issues: every later key is greater than `key`. Give it the key of
 * what you loaded (the server's copy, a recovered draft), so that an edit made after seeing a version is
 * ordered after it even if this device's clock is behind the one that wrote it (a Lamport clock). Keys that
 * are not safe integers are ignored.
 */
export function observeKey(key: number): void {
  if (Number.isSafeInteger(key) && key > greatest) greatest = key;
}
