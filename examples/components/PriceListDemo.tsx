import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  createDraft,
  observeKey,
  useLastTask,
  useLastTaskLanes,
  useStatusBadge,
  type Draft as DurableDraft,
  type RetryOptions,
  type RunnerOptions,
  type RunnerSnapshot,
  type TaskStatus,
} from 'react-last-task';
import { ApiError, errorMessage, openList, saveItem, type OpenedList, type SavedItem } from '../api';
import { RowWrites } from './ServerLog';
import { Badge, Card, Choice, clock, type Tone } from './ui';

const DELAY = 600;
const ATTEMPTS = 3;

/** A failed row write is tried again 300 ms later, twice; a 4xx answer (409: a newer save is stored) is not. */
const RETRY: RetryOptions = {
  attempts: ATTEMPTS,
  delay: 300,
  shouldRetry: (error) => !(error instanceof ApiError && error.status < 500),
};
/** Every row's lane: its own 600 ms debounce, its own abort ('restart'), its own retries. */
const LANES: RunnerOptions = { delay: DELAY, retry: RETRY };

/** A row as the page edits it: the price as typed (a draft), whether it is in stock. */
interface Draft {
  id: string;
  name: string;
  price: string;
  inStock: boolean;
}

/** What a row's durable draft keeps: the row as typed. */
type RowValue = Pick<Draft, 'price' | 'inStock'>;
const valueOf = ({ price, inStock }: Draft): RowValue => ({ price, inStock });
const sameRow = (a: RowValue, b: RowValue) => a.price === b.price && a.inStock === b.inStock;

/** A row's durable draft, and the row as last saved (or loaded): the baseline the draft is measured against. */
interface RowDraft {
  draft: DurableDraft<RowValue>;
  saved: RowValue;
}

const euros = (cents: number) => `€${(cents / 100).toFixed(2)}`;

/** Cents, or undefined for a price that is not (yet) one: "3", "3.", "3.4" and "3,45" are prices. */
function parsePrice(text: string) {
  const m = /^\s*(\d{1,5})(?:[.,](\d{0,2}))?\s*$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : undefined;
}

const isBusy = (status: TaskStatus) => status === 'pending' || status === 'running';

/** Loads the stored rows with their ordering keys, and raises this page's key floor past them (observeKey). */
async function load(listId: string, signal: AbortSignal) {
  const opened = await openList(listId, signal);
  for (const item of opened.items) observeKey(item.key);
  return opened;
}

/** Opens the stored list first: the rows' drafts start from the stored values. */
export function PriceListDemo({ listId }: { listId: string }) {
  const opening = useLastTask<OpenedList>();
  const { run } = opening;
  useEffect(() => {
    void run(({ signal }) => load(listId, signal));
  }, [run, listId]);

  return (
    <Card
      title="Price list"
      hooks={['useLastTaskLanes', 'useStatusBadge']}
      className="lanes"
      intro={
        <>
          One lane per row: each row saves {DELAY} ms after you stop editing it, and editing one row never delays or
          aborts another row's save. A failed write is tried {ATTEMPTS} times; the server refuses any write older than
          the one it has for that row. Each row's edit is kept on this device until it is saved.
        </>
      }
    >
      {opening.value ? (
        <PriceTable key={listId} listId={listId} opened={opening.value} />
      ) : opening.status === 'error' ? (
        <p className="error">
          Couldn't load the price list: {errorMessage(opening.error)}{' '}
          <button type="button" onClick={() => void run(({ signal }) => load(listId, signal))}>
            Retry
          </button>
        </p>
      ) : (
        <p className="muted">Loading the stored prices…</p>
      )}
    </Card>
  );
}

function PriceTable({ listId, opened }: { listId: string; opened: OpenedList }) {
  const [rows, setRows] = useState<Draft[]>(() =>
    opened.items.map(({ id, name, price, inStock }) => ({ id, name, price: (price / 100).toFixed(2), inStock })),
  );
  /** Per row, the attempt its latest save is on (ctx.attempt), for "retry 2/3". */
  const [attempts, setAttempts] = useState<Record<string, number>>({});
  const [latency, setLatency] = useState(400);
  const [failRate, setFailRate] = useState(0);
  const { run, flush, cancel, status, get } = useLastTaskLanes<string, SavedItem>(LANES);
  const rowsNow = useRef(rows);
  useLayoutEffect(() => {
    rowsNow.current = rows;
  });
  const rowOf = (id: string) => rowsNow.current.find((row) => row.id === id)!;
  const editNow = useRef<(next: Draft) => void>(() => {});

  // A durable draft per row (D1–D4, O1–O2): a lane has no autosave to lend the draft its baseline, so the
  // table lends it, through the core's createDraft. A row typed before a reload or a crash comes back and is
  // saved; a row saved while the network is gone waits for it.
  // The refs are read when a draft restores a row, after render, never while the drafts are made.
  /* eslint-disable react-hooks/refs */
  const [drafts] = useState(
    () =>
      new Map<string, RowDraft>(
        opened.items.map((item) => {
          const saved = { price: (item.price / 100).toFixed(2), inStock: item.inStock };
          const restore = (value: RowValue) => editNow.current({ ...rowOf(item.id), ...value });
          return [
            item.id,
            { draft: createDraft<RowValue>(`demo:row:${listId}:${item.id}`, { savedKey: item.key, restore }), saved },
          ];
        }),
      ),
  );
  /* eslint-enable react-hooks/refs */

  useEffect(() => {
    const stops = [...drafts].map(([id, row]) =>
      row.draft.attach({
        isEqual: sameRow,
        baseline: () => row.saved,
        latest: () => valueOf(rowOf(id)),
        isDirty: () => !sameRow(valueOf(rowOf(id)), row.saved),
        reset: (value) => void (row.saved = value),
        // A lane does not hold its saves for another tab's edit: the later edit wins on the server (by key).
        rehold: () => {},
        // D6: the tab whose edit this row shows went away before that edit was saved: this tab saves it.
        takeOver: () => editNow.current(rowOf(id)),
      }),
    );
    return () => stops.forEach((stop) => stop());
  }, [drafts]);

  // Stable while the settings stay: the rows are memoized, and an edit re-renders the table and that row only.
  const edit = useCallback(
    (next: Draft) => {
      setRows((list) => list.map((row) => (row.id === next.id ? next : row)));
      const value = valueOf(next);
      const row = drafts.get(next.id)!;
      row.draft.changed(value, !sameRow(value, row.saved));
      const price = parsePrice(next.price);
      // A price being retyped ("" on the way to "4.50") is not saved, and neither is the one typed before it.
      if (price === undefined) return cancel(next.id);
      const network = { latency, failRate };
      void run(next.id, ({ signal, key, seq, attempt, trigger }) => {
        setAttempts((all) => (all[next.id] === attempt ? all : { ...all, [next.id]: attempt }));
        // The row's ordering key is ctx.key, the same for every retry of this save: see examples/server/store.mjs.
        const write = { price, inStock: next.inStock, key, seq, trigger, attempt };
        return row.draft
          .send(() => saveItem(listId, next.id, write, network, signal), signal)
          .then((saved) => {
            row.saved = value;
            row.draft.saved(value, key, sameRow(valueOf(rowOf(next.id)), value));
            return saved;
          });
      });
    },
    [run, cancel, listId, latency, failRate, drafts],
  );
  useLayoutEffect(() => {
    editNow.current = edit;
  });
  /** Per row, the calm status its word shows (RowView's useStatusBadge): the table badge counts the rows saying "saving". */
  const [shownRows, setShownRows] = useState<Record<string, TaskStatus>>({});
  const onShown = useCallback(
    (id: string, shown: TaskStatus) => setShownRows((all) => (all[id] === shown ? all : { ...all, [id]: shown })),
    [],
  );

  // The hook has no count of busy lanes to offer the page (its lanes' `size` is not returned), so count the rows.
  const lanes = rows.map((row) => ({
    row,
    lane: get(row.id),
    attempt: attempts[row.id] ?? 0,
    shown: shownRows[row.id] ?? 'idle',
  }));
  const busy = lanes.filter(({ lane }) => isBusy(lane.status)).length;

  return (
    <>
      <table className="prices">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Price</th>
            <th scope="col">In stock</th>
            <th scope="col">
              <span className="visually-hidden">Save state</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lanes.map(({ row, lane, attempt }) => (
            <RowView key={row.id} row={row} lane={lane} attempt={attempt} onEdit={edit} onShown={onShown} />
          ))}
        </tbody>
      </table>
      <div className="row status-row">
        <div className="status">
          <TableBadge status={status} lanes={lanes} />
          <output className="lanes-busy" aria-label="lanes busy" aria-live="off">
            lanes busy: <b>{busy}</b>
          </output>
        </div>
        {/* flush() with no key: every busy lane's waiting save starts now (a retry waiting too). */}
        <button type="button" onClick={() => void flush()} disabled={busy === 0}>
          Save all now
        </button>
      </div>
      <div className="controls controls-2">
        <Choice
          label="Row latency"
          value={latency}
          onChange={setLatency}
          options={[0, 200, 400, 1000, 2000, 4000].map((ms) => [ms, `${ms} ms`] as const)}
        />
        <Choice
          label="Row failure rate"
          value={failRate}
          onChange={setFailRate}
          options={[0, 0.25, 0.5, 1].map((r) => [r, `${r * 100} %`] as const)}
        />
      </div>
      <RowWrites listId={listId} tick={`${status}:${busy}:${Object.values(attempts).join()}`} />
    </>
  );
}

interface RowProps {
  row: Draft;
  /** The row's lane, `get(row.id)`: the same object until that lane changes, so the memo holds. */
  lane: RunnerSnapshot<SavedItem>;
  attempt: number;
  onEdit: (next: Draft) => void;
  /** Tells the table the calm status this row shows (stable). */
  onShown: (id: string, shown: TaskStatus) => void;
}

/** A row's word next to it, from its lane and the calm status it shows: the table badge counts rows from the same words. */
function rowWord(row: Draft, status: TaskStatus, shown: TaskStatus, attempt: number): [Tone, string] {
  return parsePrice(row.price) === undefined
    ? ['bad', 'not a price']
    : status === 'running' && attempt > 1
      ? ['waiting', `retry ${attempt}/${ATTEMPTS}`]
      : shown === 'pending'
        ? ['waiting', 'edited']
        : shown === 'running'
          ? ['busy', 'saving']
          : shown === 'done'
            ? ['good', 'saved']
            : shown === 'error' || shown === 'cancelled'
              ? ['bad', 'not saved']
              : ['neutral', ''];
}

const RowView = memo(function RowView({ row, lane, attempt, onEdit, onShown }: RowProps) {
  // The row's word is calm too: a fast save never flashes "saving", "saved" fades.
  const shown = useStatusBadge(lane.status);
  // Before paint, so that the table badge's count and the rows' words are never seen apart.
  useLayoutEffect(() => onShown(row.id, shown), [onShown, row.id, shown]);
  const invalid = parsePrice(row.price) === undefined;
  const [tone, word] = rowWord(row, lane.status, shown, attempt);
  const stored = lane.value;
  return (
    <tr>
      <th scope="row">{row.name}</th>
      <td>
        <span className="price">
          <span aria-hidden="true">€</span>
          <input
            aria-label={`Price of ${row.name}`}
            aria-describedby={`save-state-${row.id}`}
            aria-invalid={invalid || undefined}
            inputMode="decimal"
            autoComplete="off"
            value={row.price}
            onChange={(e) => onEdit({ ...row, price: e.target.value })}
          />
        </span>
      </td>
      <td className="stock">
        <input
          type="checkbox"
          aria-label={`${row.name} in stock`}
          checked={row.inStock}
          onChange={(e) => onEdit({ ...row, inStock: e.target.checked })}
        />
      </td>
      <td className="state">
        <span
          id={`save-state-${row.id}`}
          className={`field-state tone-${tone}`}
          data-status={lane.status}
          data-shown={shown}
          hidden={!word}
          title={
            stored
              ? `Stored ${euros(stored.price)}, ${stored.inStock ? 'in stock' : 'out of stock'} at ${clock(stored.savedAt)} (key ${stored.key})`
              : undefined
          }
        >
          <span className="dot" aria-hidden="true" />
          {word}
        </span>
      </td>
    </tr>
  );
});

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const names = (list: { row: Draft }[]) => list.map(({ row }) => row.name).join(', ');

/** One badge for the table: the lanes' aggregate status (`status` of the hook), calmed by useStatusBadge. */
function TableBadge({
  status,
  lanes,
}: {
  status: TaskStatus;
  lanes: { row: Draft; lane: RunnerSnapshot<SavedItem>; attempt: number; shown: TaskStatus }[];
}) {
  const shown = useStatusBadge(status);
  const failing = lanes.filter(({ lane }) => lane.status === 'error');
  // The rows whose word says they are saving ("saving", "retry 2/3"): the count agrees with what the rows say.
  const saving = lanes.filter(({ row, lane, shown, attempt }) =>
    /^(saving|retry )/.test(rowWord(row, lane.status, shown, attempt)[1]),
  );
  const running = lanes.filter(({ lane }) => lane.status === 'running');
  const retried = running.find(({ attempt }) => attempt > 1);
  const invalid = lanes.filter(({ row }) => parsePrice(row.price) === undefined);
  const [tone, text]: [Tone, string] =
    shown === 'error' && failing[0]
      ? [
          'bad',
          `Couldn't save ${names(failing)}` +
            (failing[0].attempt > 1 ? ` after ${failing[0].attempt} attempts` : '') +
            `: ${errorMessage(failing[0].lane.error)}`,
        ]
      : shown === 'running' && retried
        ? ['waiting', `Saving ${retried.row.name}, try ${retried.attempt} of ${ATTEMPTS}…`]
        : shown === 'running'
          ? ['busy', saving.length > 0 ? `Saving ${plural(saving.length, 'row', 'rows')}…` : 'Saving…']
          : shown === 'pending'
            ? ['waiting', 'Changes pending']
            : invalid.length > 0
              ? ['bad', `Not saved: ${names(invalid)} ${invalid.length === 1 ? 'needs a price' : 'need prices'}`]
              : shown === 'done'
                ? ['good', 'Saved']
                : shown === 'cancelled'
                  ? ['neutral', 'Some changes are not saved']
                  : status === 'idle'
                    ? ['neutral', 'No changes yet'] // nothing saved in this page yet: no claim about saving
                    : ['good', 'All changes saved'];
  return (
    <Badge status={status} shown={shown} tone={tone} label="Price list status">
      {text}
    </Badge>
  );
}
