// docs/guides/lanes.md: a table with one lane per row; an empty box is not a price.
// #region price-list
import { memo, useCallback, useState } from 'react';
import { useLastTaskLanes, type RunnerSnapshot } from 'react-last-task';

type Row = { id: string; name: string; price: number };

/** The price in a box, or `undefined` while the box holds none: empty, "12." on the way to "12.5", "abc". */
function parsePrice(text: string): number | undefined {
  return /^\d+(\.\d{1,2})?$/.test(text.trim()) ? Number(text) : undefined;
}

export function PriceTable({ rows }: { rows: Row[] }) {
  const { run, cancel, get, status } = useLastTaskLanes<string, void>({ delay: 500 });
  const edit = useCallback(
    (row: Row, text: string) => {
      const price = parsePrice(text);
      // Not a price (the box was emptied to retype): save nothing, and drop this row's waiting save.
      if (price === undefined) return cancel(row.id);
      void run(row.id, async ({ signal, key }) => {
        const response = await fetch(`/api/rows/${row.id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ price, key }),
          signal,
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      });
    },
    [run, cancel],
  );
  return (
    <table>
      <caption>{status === 'error' ? 'Some prices were not saved' : 'Prices'}</caption>
      <tbody>
        {rows.map((row) => (
          <RowView key={row.id} row={row} lane={get(row.id)} onEdit={edit} />
        ))}
      </tbody>
    </table>
  );
}

const RowView = memo(function RowView({
  row,
  lane,
  onEdit,
}: {
  row: Row;
  lane: RunnerSnapshot<void>;
  onEdit: (row: Row, text: string) => void;
}) {
  const [text, setText] = useState(String(row.price));
  const word =
    parsePrice(text) === undefined
      ? 'Not a price'
      : lane.status === 'running'
        ? 'Saving…'
        : lane.status === 'error'
          ? 'Not saved'
          : lane.status === 'done'
            ? 'Saved'
            : '';
  return (
    <tr>
      <th scope="row">{row.name}</th>
      <td>
        <input
          aria-label={`Price of ${row.name}`}
          inputMode="decimal"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onEdit(row, e.target.value);
          }}
        />
      </td>
      <td>{word}</td>
    </tr>
  );
});
// #endregion
