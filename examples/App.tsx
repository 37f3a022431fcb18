import { AutosaveDemo } from './components/AutosaveDemo';
import { PriceListDemo } from './components/PriceListDemo';
import { PublishDemo } from './components/PublishDemo';
import { SearchDemo } from './components/SearchDemo';

/** `?doc=name` edits another stored document and price list (the e2e tests give each test its own). */
const docId = new URLSearchParams(location.search).get('doc') || 'welcome';

export function App() {
  return (
    <main className="page">
      <header className="page-header">
        <h1>
          react-last-task <span className="muted">demos</span>
        </h1>
        <p>
          Only the last task counts. Each demo talks to a real Node server with a SQLite database; make the server slow
          or flaky with the controls and watch what the hooks do about it.
        </p>
      </header>
      {/* Two columns, each a stack of cards (one column on a narrow screen): the cards keep their own heights. */}
      <div className="grid">
        <div className="column">
          <AutosaveDemo docId={docId} />
          <PublishDemo docId={docId} />
        </div>
        <div className="column">
          <SearchDemo />
          <PriceListDemo listId={docId} />
        </div>
      </div>
      <footer className="page-footer">
        Emoji data: <a href="https://github.com/muan/emojilib">emojilib</a> 4.0.3 by Mu-An Chiou, MIT licence.
      </footer>
    </main>
  );
}
