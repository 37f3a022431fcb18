import { useState } from 'react';
import type { Outcome, TaskContext } from 'react-last-task';

type Fate = 'waiting' | 'in flight' | 'shown' | 'aborted' | 'skipped' | 'failed';
interface Entry {
  seq: number;
  query: string;
  fate: Fate;
  ms?: number;
}

/**
 * What the search card shows beside its results, to make the runner visible: how many requests were sent,
 * aborted by a newer keystroke and skipped by the debounce, and the fate of the latest ones. Not part of a
 * search: `log(query, task)` wraps a task to watch it, and `outcome` takes what run() resolved with.
 */
export function useRequestLog() {
  const [counts, setCounts] = useState({ sent: 0, aborted: 0, skipped: 0 });
  const [entries, setEntries] = useState<Entry[]>([]);
  const update = (seq: number, change: Partial<Entry>) =>
    setEntries((list) => list.map((e) => (e.seq === seq ? { ...e, ...change } : e)));

  const log = <T,>(query: string, task: (ctx: { signal: AbortSignal }) => Promise<T>) => {
    let sentAt: number | undefined;
    let seqOf = 0;
    return {
      task: (ctx: TaskContext<T>) => {
        seqOf = ctx.seq;
        sentAt = performance.now();
        setCounts((c) => ({ ...c, sent: c.sent + 1 }));
        // Count the requests that were on the wire when a newer keystroke aborted them.
        ctx.signal.addEventListener('abort', () => setCounts((c) => ({ ...c, aborted: c.aborted + 1 })), {
          once: true,
        });
        setEntries((list) => [{ seq: ctx.seq, query, fate: 'in flight' as const }, ...list].slice(0, 7));
        return task(ctx);
      },
      outcome: (outcome: Outcome<T>) => {
        if (sentAt === undefined) {
          if (outcome.status === 'cancelled') setCounts((c) => ({ ...c, skipped: c.skipped + 1 }));
          return;
        }
        const ms = Math.round(performance.now() - sentAt);
        update(seqOf, {
          fate: outcome.status === 'done' ? 'shown' : outcome.status === 'error' ? 'failed' : 'aborted',
          ms,
        });
      },
    };
  };
  return { counts, entries, log };
}

export function RequestCounters({ counts }: { counts: { sent: number; aborted: number; skipped: number } }) {
  return (
    // Counted, not announced: the search badge is what a screen reader hears while typing.
    <p className="counters">
      sent{' '}
      <output aria-label="requests sent" aria-live="off">
        <b>{counts.sent}</b>
      </output>{' '}
      · aborted{' '}
      <output aria-label="requests aborted" aria-live="off">
        <b>{counts.aborted}</b>
      </output>{' '}
      · skipped by debounce{' '}
      <output aria-label="requests skipped by debounce" aria-live="off">
        <b>{counts.skipped}</b>
      </output>
    </p>
  );
}

export function RequestList({ entries }: { entries: Entry[] }) {
  if (entries.length === 0) return null;
  return (
    <ol className="requests" aria-label="Latest requests">
      {entries.map((r) => (
        <li key={r.seq} className={`fate-${r.fate.replace(' ', '-')}`}>
          <span className="q">“{r.query}”</span>
          <span>
            {r.fate}
            {r.ms !== undefined ? ` after ${r.ms} ms` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}
