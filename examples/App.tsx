import { AutosaveDemo } from './components/AutosaveDemo';
import { PublishDemo } from './components/PublishDemo';
import { SearchDemo } from './components/SearchDemo';

/** `?doc=name` edits another stored document (the e2e tests give each test its own). */
const docId = new URLSearchParams(location.search).get('doc') || 'welcome';

export function App() {
  return (
    <main className="page">
      <header className="page-header">
        <h1>
          react-last-task <span className="muted">demos</span>
        </h1>
        <p>
          Only the last task counts. Each demo talks to a real Node server with a SQLite database; make the server
          slow or flaky with the controls and watch what the hooks do about it.
        </p>
      </header>
      <div className="grid">
        <AutosaveDemo docId={docId} />
        <SearchDemo />
        <PublishDemo docId={docId} />
      </div>
      <footer className="page-footer">
        Emoji data: <a href="https://github.com/muan/emojilib">emojilib</a> 4.0.3 by Mu-An Chiou, MIT licence.
      </footer>
    </main>
  );
}
