import { useEffect, useState } from 'react';
import {
  mergeStatus,
  observeKey,
  useAutosave,
  useDraft,
  useLastTask,
  useStatusBadge,
  type AutosaveStatus,
  type RecoveredDraft,
  type RetryOptions,
} from 'react-last-task';
import { ApiError, errorMessage, openDoc, saveField, type Field, type Opened, type Saved } from '../api';
import { ServerLog } from './ServerLog';
import { ago, Badge, Card, Choice, clock, excerpt, Field as FieldBox, useNow, type Tone } from './ui';

const DELAY = 800;
const MAX_WAIT = 4000;
const ATTEMPTS = 3;

/** A failed write is tried again 300 ms later, then 600 ms after that; the third failure is an error. */
const RETRY: RetryOptions = {
  attempts: ATTEMPTS,
  delay: (attempt) => 300 * 2 ** (attempt - 1),
  // A 4xx answer (409: a newer write of the field is stored) would be the same next time: retry only 5xx
  // answers and network errors.
  shouldRetry: (error) => !(error instanceof ApiError && error.status < 500),
};

/**
 * Loads the stored document with each field's ordering key, and raises this page's key floor past them
 * (observeKey): an edit made after seeing a version is ordered after it, even if this device's clock is behind.
 */
async function load(docId: string, signal: AbortSignal, fromDevice = true): Promise<Loaded> {
  let opened: Opened;
  try {
    opened = await openDoc(docId, signal);
  } catch (error) {
    // The server can't be reached (an answer with an error status is an error): the editor opens from the
    // last copy this device saw, and the drafts bring back what was typed since.
    const cached = !fromDevice || signal.aborted || error instanceof ApiError ? undefined : readCopy(docId);
    if (!cached) throw error;
    return { ...cached, fromDevice: true };
  }
  for (const stored of Object.values(opened.doc?.fields ?? {})) observeKey(stored.key);
  keepCopy(docId, opened);
  return { ...opened, fromDevice: false };
}

/** The document as last loaded from the server, or opened from this device's copy of it. */
type Loaded = Opened & { fromDevice: boolean };

// The last copy of each document this device loaded: the app's own small cache, so that the editor can open
// when the server is unreachable. Unsaved edits are not here: they are in each field's draft (useDraft).
const copyName = (docId: string) => `demo:doc:${docId}`;
function keepCopy(docId: string, opened: Opened) {
  try {
    localStorage.setItem(copyName(docId), JSON.stringify(opened));
  } catch {
    // No storage (private mode, quota): the editor then needs the server to open.
  }
}
function readCopy(docId: string): Opened | undefined {
  try {
    const raw = localStorage.getItem(copyName(docId));
    return raw ? (JSON.parse(raw) as Opened) : undefined;
  } catch {
    return undefined;
  }
}

/** Loads the stored document first: each autosave's first value is its baseline (A1), so it must be the stored one. */
export function AutosaveDemo({ docId }: { docId: string }) {
  const opening = useLastTask<Loaded>();
  const { run } = opening;
  useEffect(() => {
    void run(({ signal }) => load(docId, signal));
  }, [run, docId]);
  // Opened from this device's copy, the editor holds its saves: only the server's copy tells a draft newer or older
  // than what another device saved meanwhile (D4, D5). The server is asked again every 2 s and when the browser is
  // back online; once it answers, the editor opens anew from its copy.
  const fromDevice = opening.value?.fromDevice;
  useEffect(() => {
    if (!fromDevice) return;
    const retry = () => void run(({ signal }) => load(docId, signal, false));
    const timer = setInterval(retry, 2000);
    addEventListener('online', retry);
    return () => {
      clearInterval(timer);
      removeEventListener('online', retry);
    };
  }, [fromDevice, run, docId]);

  return (
    <Card
      title="Autosave"
      hooks={['useAutosave', 'mergeStatus', 'useStatusBadge']}
      className="autosave"
      intro={
        <>
          Title and body each save on their own, {DELAY} ms after you stop typing in them (at least every{' '}
          {MAX_WAIT / 1000} s); one calm badge sums them up. <em>Save now</em> is not aborted by the next keystroke, a
          failed write is tried {ATTEMPTS} times, and leaving the page saves what is left (and asks first). What you
          type is kept on this device until it is saved: a reload, a crashed tab or a lost network loses nothing, and a
          second tab follows this one. The server refuses any write older than the one it has for that field.
        </>
      }
    >
      {opening.value ? (
        <Editor key={`${docId}:${opening.value.fromDevice}`} docId={docId} opened={opening.value} />
      ) : opening.status === 'error' ? (
        <p className="error">
          Couldn't load the document: {errorMessage(opening.error)}{' '}
          <button type="button" onClick={() => void run(({ signal }) => load(docId, signal))}>
            Retry
          </button>
        </p>
      ) : (
        <p className="muted">Loading the stored document…</p>
      )}
    </Card>
  );
}

interface Settings {
  docId: string;
  opened: Loaded;
  mode: 'restart' | 'keepLatest';
  network: { latency: number; failRate: number };
}

/** Where a field's save stands between attempts: the attempt running, or the one that just failed. */
interface Progress {
  attempt: number;
  failed?: string;
}

/**
 * One field's autosave: its own lane (seq, abort, retries), its own ordering key on the server, and its own
 * draft on this device, compared with the stored field by key and restored into the field when newer.
 */
function useFieldAutosave(field: Field, value: string, restore: (text: string) => void, settings: Settings) {
  const { docId, opened, mode, network } = settings;
  const [progress, setProgress] = useState<Progress>({ attempt: 0 });
  const [draft, { recovered, offline }] = useDraft<string>(`demo:draft:${docId}:${field}`, {
    // Opened from this device's copy, the server's key is not known: every draft is shown as newer than that copy,
    // and the saves wait for the server's copy (enabled, below), which decides again.
    savedKey: opened.fromDevice ? undefined : (opened.doc?.fields[field]?.key ?? 0),
    restore,
  });
  const autosave = useAutosave(
    value,
    (text, { signal, key, seq, attempt, trigger }): Promise<Saved> => {
      setProgress({ attempt });
      // Saved as the page is hidden or left: the request must outlive the page (W2).
      const keepalive = trigger === 'hidden' || trigger === 'unmount';
      // The write's ordering key is ctx.key, the same for every retry of this save: see examples/server/store.mjs.
      const saving = saveField(docId, field, { value: text, key, seq, trigger, attempt }, network, {
        signal,
        keepalive,
      });
      saving.catch((error: unknown) => {
        if (!signal.aborted) setProgress({ attempt, failed: errorMessage(error) });
      });
      return saving;
    },
    DELAY,
    {
      mode,
      maxWait: MAX_WAIT,
      retry: RETRY,
      flushOnHide: true,
      warnBeforeUnload: true,
      draft,
      // G1: nothing is saved over a copy that may be out of date; the edits wait in the draft.
      enabled: !opened.fromDevice,
    },
  );
  // The field's own word is calm too: a fast save never flashes "saving", "saved" fades.
  const shown = useStatusBadge(autosave.status);
  return { field, ...autosave, shown, progress, draft, recovered, offline, restore };
}

type FieldSave = ReturnType<typeof useFieldAutosave>;

function Editor({ docId, opened }: { docId: string; opened: Loaded }) {
  const [title, setTitle] = useState(opened.doc?.title ?? '');
  const [body, setBody] = useState(opened.doc?.body ?? '');
  const [mode, setMode] = useState<'restart' | 'keepLatest'>('restart');
  const [latency, setLatency] = useState(400);
  const [failRate, setFailRate] = useState(0);
  const settings: Settings = { docId, opened, mode, network: { latency, failRate } };

  const titleSave = useFieldAutosave('title', title, setTitle, settings);
  const bodySave = useFieldAutosave('body', body, setBody, settings);
  const saves = [titleSave, bodySave];
  const status = mergeStatus(titleSave.status, bodySave.status);
  const isDirty = saves.some((s) => s.isDirty);
  // Before this page load saves anything, the stored document's last write.
  const lastSavedAt = Math.max(opened.doc?.updatedAt ?? -Infinity, ...saves.map((s) => s.lastSavedAt ?? -Infinity));

  const offline = saves.some((s) => s.offline);
  return (
    <>
      {opened.fromDevice && (
        <p className="notice">
          The server can't be reached: this is the copy on this device. What you type is kept here; once the server
          answers, the editor opens from its copy, and your text is saved unless another device saved a newer one (then
          you choose).
        </p>
      )}
      {saves.map((s) => s.recovered && <DraftNotice key={s.field} save={s} recovered={s.recovered} />)}
      <div className="form">
        <FieldBox label="Title" aside={<FieldState save={titleSave} />}>
          {(id) => (
            <input
              id={id}
              aria-describedby={stateId('title')}
              value={title}
              placeholder="A title"
              onChange={(e) => setTitle(e.target.value)}
            />
          )}
        </FieldBox>
        <FieldBox label="Body" aside={<FieldState save={bodySave} />}>
          {(id) => (
            <textarea
              id={id}
              aria-describedby={stateId('body')}
              rows={6}
              value={body}
              placeholder="Write something; it saves itself."
              onChange={(e) => setBody(e.target.value)}
            />
          )}
        </FieldBox>
      </div>
      <div className="row status-row">
        <div className="status">
          {offline ? (
            <Badge status="pending" shown="pending" tone="waiting" label="Autosave status">
              Offline: kept on this device
            </Badge>
          ) : (
            <FormBadge status={status} saves={saves} />
          )}
          <LastSaved at={Number.isFinite(lastSavedAt) ? lastSavedAt : undefined} />
        </div>
        {/* flush() saves at priority 1 (P5): typing on while it is in flight does not abort it. */}
        <button type="button" onClick={() => void Promise.all(saves.map((s) => s.flush()))} disabled={!isDirty}>
          Save now
        </button>
        <button
          type="button"
          onClick={() => saves.forEach((s) => s.cancel())}
          disabled={status !== 'pending' && status !== 'saving'}
        >
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
      <ServerLog
        docId={docId}
        tick={saves.map((s) => `${s.status}:${s.progress.attempt}:${s.progress.failed ?? ''}`).join()}
      />
    </>
  );
}

/**
 * A draft this device holds that the field does not show: another tab's newer edit (this tab's saves wait), or a
 * draft older than the server's copy. The user chooses; nothing is applied silently (D5, D6).
 */
function DraftNotice({ save, recovered }: { save: FieldSave; recovered: RecoveredDraft<string> }) {
  const { field, draft, restore } = save;
  const words =
    recovered.origin === 'tab'
      ? `Another tab changed the ${field}: “${excerpt(recovered.value)}”. Saving here waits until you choose.`
      : `This device has unsaved ${field} text from ${clock(recovered.writtenAt)} (“${excerpt(recovered.value)}”), older than the saved copy.`;
  return (
    <p className="notice" data-origin={recovered.origin}>
      {words}{' '}
      <button type="button" onClick={() => restore(recovered.value)}>
        {recovered.origin === 'tab' ? 'Show theirs' : 'Restore it'}
      </button>{' '}
      <button type="button" onClick={draft.discard}>
        {recovered.origin === 'tab' ? 'Keep mine' : 'Discard it'}
      </button>
    </p>
  );
}

/** A field whose save is between attempts or past its first one. */
const retrying = (s: FieldSave) => s.status === 'saving' && (s.progress.attempt > 1 || s.progress.failed !== undefined);

function retryWords({ field, progress }: FieldSave) {
  return progress.failed !== undefined
    ? `Try ${progress.attempt} of ${ATTEMPTS} failed, retrying…`
    : `Saving ${field}, try ${progress.attempt} of ${ATTEMPTS}…`;
}

/** The id of a field's state: its text field is described by it, so a screen reader tells it with the field. */
const stateId = (field: string) => `save-state-${field}`;

/** The discreet per-field state next to a label: a dot and a word, blank once a save has faded. */
function FieldState({ save }: { save: FieldSave }) {
  const { shown, status, progress } = save;
  const [tone, word]: [Tone, string] =
    status === 'saving' && retrying(save)
      ? [
          'waiting',
          progress.failed !== undefined
            ? `retrying (${progress.attempt}/${ATTEMPTS} failed)`
            : `retry ${progress.attempt}/${ATTEMPTS}`,
        ]
      : shown === 'pending'
        ? ['waiting', 'edited']
        : shown === 'saving'
          ? ['busy', 'saving']
          : shown === 'saved'
            ? ['good', 'saved']
            : shown === 'error'
              ? ['bad', 'not saved']
              : shown === 'cancelled'
                ? ['neutral', 'not saved']
                : ['neutral', ''];
  return (
    <span
      id={stateId(save.field)}
      className={`field-state tone-${tone}`}
      data-status={status}
      data-shown={shown}
      hidden={!word}
    >
      <span className="dot" aria-hidden="true" />
      {word}
    </span>
  );
}

const the = (saves: FieldSave[]) => saves.map((s) => `the ${s.field}`).join(' and ');

/** One badge for the form: the fields' statuses merged (mergeStatus), then calmed (useStatusBadge). */
function FormBadge({ status, saves }: { status: AutosaveStatus; saves: FieldSave[] }) {
  const shown = useStatusBadge(status);
  const failing = saves.filter((s) => s.status === 'error');
  const retried = saves.find(retrying);
  const [tone, text]: [Tone, string] =
    shown === 'error' && failing[0]
      ? [
          'bad',
          `Couldn't save ${the(failing)}` +
            (failing[0].progress.attempt > 1 ? ` after ${failing[0].progress.attempt} attempts` : '') +
            `: ${errorMessage(failing[0].error)}`,
        ]
      : shown === 'saving' && retried
        ? ['waiting', retryWords(retried)]
        : shown === 'saving'
          ? ['busy', 'Saving…']
          : shown === 'pending'
            ? ['waiting', 'Changes pending']
            : shown === 'saved'
              ? ['good', 'Saved']
              : shown === 'cancelled'
                ? ['neutral', 'Cancelled: your changes are not saved']
                : status === 'idle'
                  ? // Nothing was saved in this page yet: no claim about saving (next to "Not saved yet" or "Last saved …").
                    ['neutral', 'No changes yet']
                  : ['good', 'All changes saved'];
  return (
    <Badge status={status} shown={shown} tone={tone} label="Autosave status">
      {text}
    </Badge>
  );
}

function LastSaved({ at }: { at: number | undefined }) {
  const now = useNow(at !== undefined);
  return (
    <span className="last-saved" title={at === undefined ? undefined : clock(at)}>
      {at === undefined ? 'Not saved yet' : `Last saved ${ago(at, now)}`}
    </span>
  );
}
