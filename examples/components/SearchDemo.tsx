import { useRef, useState } from 'react';
import { useLastTask, useStatusBadge, type TaskStatus } from 'react-last-task';
import { errorMessage, searchEmoji, type SearchResult } from '../api';
import { RequestCounters, RequestList, useRequestLog } from './RequestLog';
import { Badge, Card, Choice, Field, type Tone } from './ui';

export function SearchDemo() {
  const [query, setQuery] = useState('');
  const [debounce, setDebounce] = useState(100);
  const search = useLastTask<SearchResult>({ delay: debounce });
  const scheduled = useRef('');
  const requests = useRequestLog(); // the counters and the request list beside the results

  const onChange = (text: string) => {
    setQuery(text);
    const q = text.trim();
    if (q === scheduled.current) return; // a space at the end asks nothing new
    scheduled.current = q;
    if (!q) return void search.run(() => ({ query: '', total: 0, results: [], latency: 0 }));
    // Debounced; a newer keystroke aborts this request (signal) and only the last query's answer is kept.
    const logged = requests.log(q, ({ signal }) => searchEmoji(q, signal));
    void search.run(logged.task).then(logged.outcome);
  };

  const result = search.value;
  const stale = result !== undefined && result.query !== query.trim();

  return (
    <Card
      title="Search as you type"
      hooks={['useLastTask', 'useStatusBadge']}
      className="search"
      intro={
        <>
          Searches 1,914 emoji by their 15,412 keywords. The server answers short queries <em>slowly</em> (1.3 s for one
          letter, 0.3 s less per letter), so older queries answer last; only the last query's results are shown.
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
        <RequestCounters counts={requests.counts} />
      </div>
      <RequestList entries={requests.entries} />
      {result && result.query && (
        <div
          className={`results ${stale ? 'stale' : ''}`}
          role="region"
          aria-label="Search results"
          data-query={result.query}
        >
          <h3>
            {result.total === 0
              ? `No emoji match “${result.query}”`
              : `${result.total} ${result.total === 1 ? 'emoji matches' : 'emoji match'} “${result.query}”` +
                (result.total > result.results.length ? ` (first ${result.results.length})` : '')}
          </h3>
          <ul>
            {result.results.map((hit) => (
              <li key={hit.emoji} title={hit.keywords.join(', ')}>
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
    <Badge status={status} shown={shown} tone={tone} label="Search status">
      {text}
    </Badge>
  );
}
