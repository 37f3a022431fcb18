import { useEffect, useState } from 'react';
import { useAutosave, useLastTask, type AutosaveStatus } from 'react-last-task';
import { errorMessage, getWrites, openDoc, saveDoc, type Doc, type Opened, type Saved, type WriteLog } from '../api';
import { ago, Badge, Card, Choice, clock, Field, useNow, type Tone } from './ui';

const DELAY = 800;
const MAX_WAIT = 4000;
const sameDoc = (a: Doc, b: Doc) => a.title === b.title && a.body === b.body;

/** Loads the stored document first: the autosave's first value is its baseline (A1), so it must be the stored one. */
export function AutosaveDemo({ docId }: { docId: string }) {
  const opening = useLastTask<Opened>();
  const { run } = opening;
  useEffect(() => {
    void run(({ signal }) => openDoc(docId, signal));
  }, [run, docId]);

  return (
    <Card
      title="Autosave"
      hook="useAutosave"
      testId="autosave-demo"
      className="autosave"
      intro={
        <>
          Saves {DELAY} ms after you stop typing (at least every {MAX_WAIT / 1000} s while you type). A change aborts
          the save in flight; the server refuses any write older than the one it has, so a late request never
          overwrites newer text.
        </>
      }
    >
      {opening.value ? (
        <Editor key={opening.value.epoch} docId={docId} opened={opening.value} />
      ) : opening.status === 'error' ? (
        <p className="error">
          Couldn't load the document: {errorMessage(opening.error)}{' '}
          <button type="button" onClick={() => void run(({ signal }) => openDoc(docId, signal))}>
            Retry
          </button>
        </p>
      ) : (
        <p className="muted">Loading the stored document…</p>
      )}
    </Card>
  );
}

function Editor({ docId, opened }: { docId: string; opened: Opened }) {
  const [draft, setDraft] = useState<Doc>(() => ({ title: opened.doc?.title ?? '', body: opened.doc?.body ?? '' }));
  const [mode, setMode] = useState<'restart' | 'keepLatest'>('restart');
  const [latency, setLatency] = useState(400);
  const [failRate, setFailRate] = useState(0);

  const autosave = useAutosave(
    draft,
    // The write's ordering key is (this page load's epoch, the task's seq): see examples/server/store.mjs.
    (value, { signal, seq }): Promise<Saved> => saveDoc(docId, { ...value, epoch: opened.epoch, seq }, { latency, failRate }, signal),
    DELAY,
    { mode, maxWait: MAX_WAIT, isEqual: sameDoc },
  );
  const { status, isDirty } = autosave;

  return (
    <>
      <div className="form">
        <Field label="Title">
          {(id) => (
            <input
              id={id}
              value={draft.title}
              placeholder="A title"
              onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
            />
          )}
        </Field>
        <Field label="Body">
          {(id) => (
            <textarea
              id={id}
              rows={6}
              value={draft.body}
              placeholder="Write something; it saves itself."
              onChange={(e) => setDraft((d) => ({ ...d, body: e.target.value }))}
            />
          )}
        </Field>
      </div>
      <div className="row">
        <AutosaveBadge status={status} error={autosave.error} lastSavedAt={autosave.lastSavedAt} />
        <span className="spacer" />
        <button type="button" onClick={() => void autosave.flush()} disabled={!isDirty}>
          Save now
        </button>
        <button type="button" onClick={autosave.cancel} disabled={status !== 'pending' && status !== 'saving'}>
          Cancel
        </button>
      </div>
      <div className="controls">
        <Choice
          label="Mode"
          value={mode}
          onChange={setMode}
          options={[
            ['restart', 'restart (abort the save)'],
            ['keepLatest', 'keepLatest (queue after it)'],
          ]}
        />
        <Choice
          label="Server latency"
          value={latency}
          onChange={setLatency}
          options={[0, 200, 400, 1000, 2000, 4000].map((ms) => [ms, `${ms} ms`] as const)}
        />
        <Choice
          label="Failure rate"
          value={failRate}
          onChange={setFailRate}
          options={[0, 0.25, 0.5, 1].map((r) => [r, `${r * 100} %`] as const)}
        />
      </div>
      <ServerLog docId={docId} status={status} />
    </>
  );
}

const words: Record<AutosaveStatus, [Tone, string]> = {
  idle: ['good', 'All changes saved'],
  pending: ['waiting', 'Changes pending'],
  saving: ['busy', 'Saving…'],
  saved: ['good', 'Saved'],
  cancelled: ['neutral', 'Cancelled: your changes are not saved'],
  error: ['bad', "Couldn't save"],
};

function AutosaveBadge(props: { status: AutosaveStatus; error: unknown; lastSavedAt: number | undefined }) {
  const { status, lastSavedAt } = props;
  const now = useNow(status === 'saved');
  const [tone, text] = words[status];
  return (
    <Badge status={status} tone={tone} testId="autosave-status">
      {status === 'saved' && lastSavedAt !== undefined
        ? `Saved ${ago(lastSavedAt, now)}`
        : status === 'error'
          ? `${text}: ${errorMessage(props.error)}`
          : text}
    </Badge>
  );
}

/** What the server did with each write, refreshed after every status change and every 2 s. */
function ServerLog({ docId, status }: { docId: string; status: AutosaveStatus }) {
  const log = useLastTask<WriteLog>();
  const { run } = log;
  useEffect(() => {
    const refresh = () => void run(({ signal }) => getWrites(docId, signal));
    refresh();
    const id = setInterval(refresh, 2000);
    return () => clearInterval(id);
  }, [run, docId, status]);
  const writes = log.value;
  return (
    <div className="server-log" data-testid="server-log">
      <h3>
        Server: {plural(writes?.committed ?? 0, 'write')} committed, {writes?.refused ?? 0} refused as stale
      </h3>
      {writes && writes.recent.length > 0 && (
        <ol>
          {writes.recent.map((w) => (
            <li key={w.id} className={w.outcome}>
              <span className="tag">{w.outcome === 'committed' ? 'saved' : '409'}</span>
              <span className="key">
                epoch {w.epoch} · seq {w.seq}
              </span>
              <span className="excerpt">{excerpt(w)}</span>
              <span className="muted">{clock(w.at)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function excerpt(w: Doc) {
  const text = `${w.title} — ${w.body}`.replace(/\s+/g, ' ');
  return text.length > 34 ? `…${text.slice(-33)}` : text;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
