// What the server did with the writes, beside the form and the table: the demo's window on ordering, not
// part of an autosave.
import { useEffect } from 'react';
import { useLastTask, type TaskTrigger } from 'react-last-task';
import { getItemWrites, getWrites, type ItemWriteLog, type LoggedWrite, type WriteLog } from '../api';
import { clock, excerpt } from './ui';

/** What the server did with each write, refreshed whenever a field's save moves on and every 2 s. */
export function ServerLog({ docId, tick }: { docId: string; tick: string }) {
  const log = useLastTask<WriteLog>();
  const { run } = log;
  useEffect(() => {
    const refresh = () => void run(({ signal }) => getWrites(docId, signal));
    refresh();
    const id = setInterval(refresh, 2000);
    return () => clearInterval(id);
  }, [run, docId, tick]);
  const writes = log.value;
  return (
    <section className="server-log" aria-label="Server log">
      <h3>
        Server: {writes?.committed ?? 0} committed · {writes?.refused ?? 0} refused as stale · {writes?.failed ?? 0}{' '}
        failed
        {writes?.repeated ? ` · ${writes.repeated} repeated` : ''}
        {writes?.conflict ? ` · ${writes.conflict} conflicting` : ''}
      </h3>
      {writes && writes.recent.length > 0 && (
        <ol>
          {writes.recent.map((w) => (
            <li key={w.id} className={w.outcome} title={`${w.outcome} at ${clock(w.at)}`}>
              <span className="tag">{tags[w.outcome]}</span>
              <span className="field-name">{w.field}</span>
              <span className="key" title={`key ${w.key}${w.seq ? ` · seq ${w.seq}` : ''}`}>
                key {keyTime(w.key)}
              </span>
              <span className="excerpt">{excerpt(w.value)}</span>
              <span className="why">
                {[w.trigger ? triggers[w.trigger] : '', w.attempt > 1 ? `try ${w.attempt}` : '']
                  .filter(Boolean)
                  .join(' · ')}
                {w.abandoned ? <span className="abandoned"> · aborted</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const tags: Record<LoggedWrite['outcome'], string> = {
  committed: 'saved',
  repeated: 'saved again',
  refused: '409',
  conflict: '409',
  failed: '500',
};

/** A key (ctx.key, microseconds since 1970) as the time of day it was issued at, to the millisecond. */
function keyTime(key: number) {
  const at = new Date(Math.floor(key / 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

/** Why the page sent the write (ctx.trigger), in the log's words. */
const triggers: Record<TaskTrigger, string> = {
  delay: 'auto',
  maxWait: 'max wait',
  flush: 'save now',
  hidden: 'page left',
  unmount: 'unmount',
};

/** The server's count of row writes, refreshed whenever a lane moves on and every 2 s (a late write lands unseen). */
export function RowWrites({ listId, tick }: { listId: string; tick: string }) {
  const log = useLastTask<ItemWriteLog>();
  const { run } = log;
  useEffect(() => {
    const refresh = () => void run(({ signal }) => getItemWrites(listId, signal));
    refresh();
    const id = setInterval(refresh, 2000);
    return () => clearInterval(id);
  }, [run, listId, tick]);
  const writes = log.value;
  return (
    <p className="row-writes">
      Server: {writes?.committed ?? 0} committed · {writes?.refused ?? 0} refused as stale · {writes?.failed ?? 0}{' '}
      failed
      {writes?.repeated ? ` · ${writes.repeated} repeated` : ''}
      {writes?.conflict ? ` · ${writes.conflict} conflicting` : ''}
    </p>
  );
}
