import { useRef, useState } from 'react';
import { useLastTask, useStatusBadge, type TaskStatus } from 'react-last-task';
import { errorMessage, searchEmoji, type SearchResult } from '../api';
import { Badge, Card, Choice, Field, type Tone } from './ui';

type Fate = 'waiting' | 'in flight' | 'shown' | 'aborted' | 'skipped' | 'failed';
interface Request {
  seq: number;
  query: string;
  fate: Fate;
  ms?: number;
}

const empty = (query: string): SearchResult => ({ query, total: 0, results: [], latency: 0 });

export function SearchDemo() {
  const [query, setQuery] = useState('');
  const [debounce, setDebounce] = useState(100);
  const [counts, setCounts] = useState({ sent: 0, aborted: 0, skipped: 0 });
  const [requests, setRequests] = useState<Request[]>([]);
  const search = useLastTask<SearchResult>({ delay: debounce });
  const scheduled = useRef('');

  const track = (seq: number, change: Partial<Request>) =>
    setRequests((list) => list.map((r) => (r.seq === seq ? { ...r, ...change } : r)));

  const onChange = (text: string) => {
    setQuery(text);
    const q = text.trim();
    if (q === scheduled.current) return; // a space at the end asks nothing new
    scheduled.current = q;
    let sentAt: number | undefined;
    let seqOf = 0;
    void search
      .run(({ signal, seq }) => {
        if (!q) return empty('');
        seqOf = seq;
        sentAt = performance.now();
        setCounts((c) => ({ ...c, sent: c.sent + 1 }));
        // Count the requests that were on the wire when a newer keystroke aborted them.
        signal.addEventListener('abort', () => setCounts((c) => ({ ...c, aborted: c.aborted + 1 })), { once: true });
        setRequests((list) => [{ seq, query: q, fate: 'in flight' as const }, ...list].slice(0, 7));
        return searchEmoji(q, signal);
      })
      .then((outcome) => {
        if (outcome.status === 'cancelled' && sentAt === undefined) {
          if (q) setCounts((c) => ({ ...c, skipped: c.skipped + 1 }));
          return;
        }
        if (!seqOf) return;
        const ms = Math.round(performance.now() - (sentAt ?? 0));
        track(seqOf, { fate: outcome.status === 'done' ? 'shown' : outcome.status === 'error' ? 'failed' : 'aborted', ms });
      });
  };

  const result = search.value;
  const stale = result !== undefined && result.query !== query.trim();

  return (
    <Card
      title="Search as you type"
      hooks={['useLastTask', 'useStatusBadge']}
      testId="search-demo"
      className="search"
      intro={
        <>
          Searches 1,914 emoji by their 15,412 keywords. The server answers short queries{' '}
          <em>slowly</em> (1.3 s for one letter, 0.3 s less per letter), so older queries answer last; only the last
          query's results are shown.
        </>
      }
    >
      <div className="row">
        <Field label="Search emoji" className="grow">
          {(id) => (
            <input
              id={id}
              type="search"
              value={query}
              placeholder="Try “heart”, “cat face”, “rocket”"
              onChange={(e) => onChange(e.target.value)}
            />
          )}
        </Field>
        <Choice
          label="Debounce"
          value={debounce}
          onChange={setDebounce}
          options={[0, 100, 250, 500].map((ms) => [ms, `${ms} ms`] as const)}
        />
      </div>
      <div className="row">
        <SearchBadge status={search.status} query={query.trim()} error={search.error} />
        <span className="spacer" />
        <p className="counters" data-testid="search-counters">
          sent <b data-testid="sent-count">{counts.sent}</b> · aborted <b data-testid="aborted-count">{counts.aborted}</b> ·
          skipped by debounce <b>{counts.skipped}</b>
        </p>
      </div>
      {requests.length > 0 && (
        <ol className="requests" aria-label="Latest requests">
          {requests.map((r) => (
            <li key={r.seq} className={`fate-${r.fate.replace(' ', '-')}`}>
              <span className="q">“{r.query}”</span>
              <span>
                {r.fate}
                {r.ms !== undefined ? ` after ${r.ms} ms` : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
      {result && result.query && (
        <div className={`results ${stale ? 'stale' : ''}`} data-testid="search-results" data-query={result.query}>
          <h3>
            {result.total === 0
              ? `No emoji match “${result.query}”`
              : `${result.total} ${result.total === 1 ? 'emoji matches' : 'emoji match'} “${result.query}”` +
                (result.total > result.results.length ? ` (first ${result.results.length})` : '')}
          </h3>
          <ul>
            {result.results.map((hit) => (
              <li key={hit.emoji} title={hit.keywords.join(', ')} data-testid="hit">
                <span className="emoji" aria-hidden="true">
                  {hit.emoji}
                </span>
                <span className="name">{hit.name}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

function SearchBadge({ status, query, error }: { status: TaskStatus; query: string; error: unknown }) {
  // Calm: a quick answer never flashes "Searching…"; "Up to date" stays (savedFor: Infinity).
  const shown = useStatusBadge(status, { savedFor: Infinity });
  const [tone, text]: [Tone, string] =
    shown === 'pending'
      ? ['waiting', 'Waiting for you to stop typing…']
      : shown === 'running'
        ? ['busy', `Searching for “${query}”…`]
        : shown === 'error'
          ? ['bad', `Search failed: ${errorMessage(error)}`]
          : shown === 'done'
            ? ['good', 'Up to date']
            : ['neutral', 'Type to search'];
  return (
    <Badge status={status} shown={shown} tone={tone} testId="search-status">
      {text}
    </Badge>
  );
}
