import { MAX_WAIT } from './checkOptions';

/**
 * One timer for a deadline that moves, read through a clock that never goes back. `read()` is `Date.now()`;
 * when the clock went back since the last reading, `onBack(back)` is told by how much, so that the owner moves
 * every time it stores back with it, as if no time had passed in between: deadlines may come late by that
 * time, never early. `onFire(now)` is called when the timer's wait is over, with the time it fired at.
 */
export function createClock(onBack: (back: number) => void, onFire: (now: number) => void) {
  /** The latest `Date.now()` read. */
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed timer is due. */
  let at = 0;
  /**
   * The clock went back since the timer was armed, seen by a reading: the time that passed before the jump is
   * unknown, so `at` is no longer a reading to trust, and the next `arm()` arms the timer anew.
   */
  let stale = false;

  const read = () => {
    const now = Date.now();
    const back = last - now;
    if (back > 0) {
      at -= back;
      stale = true;
      onBack(back);
    }
    return (last = now);
  };

  const clear = () => {
    clearTimeout(timer);
    timer = undefined;
  };

  const fire = () => {
    timer = undefined;
    // A timer fires only after its whole wait: if the clock went back while it waited (with no reading in
    // between), the time it was armed for is the better reading.
    const trusted = !stale && Date.now() < last;
    onFire(trusted ? Math.max(read(), at) : read());
  };

  /**
   * Arms the timer for `due`, `now` being a reading taken after `due` was last moved; a longer wait than setTimeout
   * takes fires early, and the owner re-arms.
   */
  const rearm = (due: number, now: number) => {
    clearTimeout(timer);
    at = due;
    stale = false;
    timer = setTimeout(fire, Math.min(Math.max(0, due - now), MAX_WAIT));
  };

  return {
    read,
    clear,
    rearm,
    /**
     * Makes sure the timer fires by `due`. A deadline that only moves later leaves the timer alone: one timer
     * serves a whole burst, and when it fires early its owner re-arms it for what is left.
     */
    arm(due: number, now: number) {
      if (!timer || stale || at > due) rearm(due, now);
    },
  };
}
