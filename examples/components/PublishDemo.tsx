import { useState } from 'react';
import { useLastTask, useStatusBadge, type TaskStatus } from 'react-last-task';
import { errorMessage, publishDoc, type Published } from '../api';
import { Badge, Card, clock, type Tone } from './ui';

/** An explicit save: one button, one task at a time, and a badge for its status. */
export function PublishDemo({ docId }: { docId: string }) {
  const publish = useLastTask<Published>();
  const [failNext, setFailNext] = useState(false);
  const busy = publish.status === 'pending' || publish.status === 'running';

  const onPublish = () => {
    const fail = failNext;
    setFailNext(false);
    void publish.run(({ signal }) => publishDoc(docId, fail, signal));
  };

  return (
    <Card
      title="Publish"
      hooks={['useLastTask', 'useStatusBadge']}
      className="publish"
      intro="Publishes the saved document as a new version (the server takes 1.2 s). Cancel stops waiting for the answer; like any request that already left, the server may still publish."
    >
      <div className="row">
        <button type="button" className="primary" onClick={onPublish} disabled={busy}>
          Publish
        </button>
        <button type="button" onClick={publish.cancel} disabled={!busy}>
          Cancel
        </button>
        <label className="check">
          <input type="checkbox" checked={failNext} onChange={(e) => setFailNext(e.target.checked)} />
          Make the next publish fail
        </label>
      </div>
      <div className="row">
        <PublishBadge status={publish.status} value={publish.value} error={publish.error} />
      </div>
      {publish.value && (
        <p className="published">
          Version <b>{publish.value.version}</b> · “{publish.value.title || 'Untitled'}” · {publish.value.words} words ·
          published at {clock(publish.value.publishedAt)}
        </p>
      )}
    </Card>
  );
}

function PublishBadge(props: { status: TaskStatus; value: Published | undefined; error: unknown }) {
  const { status, value } = props;
  // Calm: "Publishing…" shows only if the server takes more than 300 ms; the result stays (savedFor: Infinity).
  const shown = useStatusBadge(status, { savedFor: Infinity });
  const [tone, text]: [Tone, string] =
    shown === 'idle'
      ? ['neutral', 'Not published yet']
      : shown === 'pending'
        ? ['waiting', 'About to publish…']
        : shown === 'running'
          ? ['busy', 'Publishing…']
          : shown === 'done'
            ? ['good', `Published version ${value?.version ?? ''}`]
            : shown === 'cancelled'
              ? ['neutral', 'Cancelled: stopped waiting for the server']
              : ['bad', `Couldn't publish: ${errorMessage(props.error)}`];
  return (
    <Badge status={status} shown={shown} tone={tone} label="Publish status">
      {text}
    </Badge>
  );
}
