// README.md, "Search as you type": search as the user types, showing only the last query's results.
// #region quick-start-search
import { useLastTask } from 'react-last-task';

type Hit = { id: string; title: string };

export function Search() {
  const { run, status, value: hits = [], error } = useLastTask<Hit[]>({ delay: 200 });
  const search = (query: string) =>
    run(async ({ signal }) => {
      const response = await fetch(`/api/search?q=${encodeURIComponent(query)}`, { signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`); // an error body is not a list of hits
      return (await response.json()) as Hit[];
    });
  return (
    <>
      <input type="search" aria-label="Search" onChange={(e) => void search(e.target.value)} />
      {status === 'running' && <span>Searching…</span>}
      {status === 'error' && <p role="alert">Search failed: {String(error)}</p>}
      <ul>
        {hits.map((hit) => (
          <li key={hit.id}>{hit.title}</li>
        ))}
      </ul>
    </>
  );
}
// #endregion
