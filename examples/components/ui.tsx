import { useEffect, useId, useState, type ReactNode } from 'react';

export function Card(props: {
  title: string;
  hooks: string[];
  intro: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`card ${props.className ?? ''}`} aria-label={props.title}>
      <h2>
        {props.title}{' '}
        {props.hooks.map((hook) => (
          <code key={hook}>{hook}</code>
        ))}
      </h2>
      <p className="intro">{props.intro}</p>
      {props.children}
    </section>
  );
}

export type Tone = 'neutral' | 'waiting' | 'busy' | 'good' | 'bad';

/**
 * A status pill that screen readers announce, named by `label` ("Autosave status"). It shows `shown`, the calm
 * status from useStatusBadge; the raw `status` it was calmed from is kept in `data-status` (and `shown` in
 * `data-shown`) for the tests.
 */
export function Badge(props: { status: string; shown: string; tone: Tone; label: string; children: ReactNode }) {
  return (
    <p
      className={`badge badge-${props.tone}`}
      role="status"
      aria-live="polite"
      aria-label={props.label}
      data-status={props.status}
      data-shown={props.shown}
    >
      <span className="dot" aria-hidden="true" />
      {props.children}
    </p>
  );
}

/** A labelled select (the label names only the control, not its current option). */
export function Choice<V extends string | number>(props: {
  label: string;
  value: V;
  options: readonly (readonly [V, string])[];
  onChange: (value: V) => void;
}) {
  const id = useId();
  return (
    <div className="choice">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={String(props.value)}
        onChange={(e) => {
          const picked = props.options.find(([v]) => String(v) === e.target.value);
          if (picked) props.onChange(picked[0]);
        }}
      >
        {props.options.map(([v, text]) => (
          <option key={String(v)} value={String(v)}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A label above its text field, with `aside` (a field's save state) at the label's right. */
export function Field(props: {
  label: string;
  className?: string;
  aside?: ReactNode;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={`field ${props.className ?? ''}`}>
      <div className="field-head">
        <label htmlFor={id}>{props.label}</label>
        {props.aside}
      </div>
      {props.children(id)}
    </div>
  );
}

/** Date.now(), refreshed every `every` ms while `active`, for "Saved 3 s ago". */
export function useNow(active: boolean, every = 1000) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    // The time shown is refreshed once as the clock starts again, then every `every` ms.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(id);
  }, [active, every]);
  return now;
}

export function ago(then: number, now: number) {
  const s = Math.max(0, Math.floor((now - then) / 1000));
  if (s < 1) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ago` : `${Math.floor(m / 60)} h ago`;
}

export const clock = (at: number) => new Date(at).toLocaleTimeString();

/** The end of a value, on one line, for a notice or a log. */
export function excerpt(value: string) {
  const text = value.replace(/\s+/g, ' ');
  if (!text) return '(empty)';
  return text.length > 30 ? `…${text.slice(-29)}` : text;
}
