// docs/guides/search.md: search-as-you-type that shows errors and never crashes.
// #region search
import { useState } from 'react';
import { useLastTask, useStatusBadge } from 'react-last-task';

type Hit = { id: string; title: string };

export function SearchBox() {
  const [query, setQuery] = useState('');
  const search = useLastTask<Hit[]>({ delay: 150 });
  const shown = useStatusBadge(search.status); // a fast answer never flashes "Searching…"
  const onChange = (q: string) => {
    setQuery(q);
    if (q.trim() === '') return search.cancel(); // nothing to look for: drop the waiting or running query
    void search.run(async ({ signal }) => {
      const response = await fetch(`/api/search?q=${encodeURIComponent(q)}`, { signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const hits: unknown = await response.json();
      if (!Array.isArray(hits)) throw new Error('The server did not send a list');
      return hits as Hit[];
    });
  };
  const empty = query.trim() === ''; // an empty box shows neither the last results nor the last error
  const hits = empty ? [] : (search.value ?? []);
  return (
    <div role="search">
      <input type="search" aria-label="Search" value={query} onChange={(e) => onChange(e.target.value)} />
      {(shown === 'pending' || shown === 'running') && <span>Searching…</span>}
      {!empty && search.status === 'error' && <p role="alert">Couldn’t search: {String(search.error)}</p>}
      <ul>
        {hits.map((hit) => (
          <li key={hit.id}>{hit.title}</li>
        ))}
      </ul>
    </div>
  );
}
// #endregion
