/** Add or edit a runtime routing rule: channels (or all), lowest severity, kind and symbol patterns. */
import { useId, useState } from 'react';
import { routeBody, SEVERITIES, type RouteForm } from '../lib/alert-settings.js';

export interface AlertRouteFormProps {
  /** The route id being edited, or null for a new one. */
  readonly editing: number | null;
  readonly initial: RouteForm;
  readonly channelNames: readonly string[];
  readonly busy: boolean;
  readonly error: string | null;
  onSubmit(body: Record<string, unknown>): void;
  onCancel(): void;
}

export function AlertRouteForm(props: AlertRouteFormProps) {
  const [form, setForm] = useState<RouteForm>(props.initial);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const title = props.editing === null ? 'Add route' : `Edit route ${props.editing}`;
  const error = problem ?? props.error;
  const all = form.channels.includes('*');
  const toggle = (name: string, on: boolean): void =>
    setForm({ ...form, channels: on ? [...form.channels, name] : form.channels.filter((c) => c !== name) });

  return (
    <form
      className="settings-form"
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault();
        const result = routeBody(form);
        if ('problem' in result) {
          setProblem(result.problem);
          return;
        }
        setProblem(null);
        props.onSubmit(result.body);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <h3>{title}</h3>
      <fieldset className="channel-picks">
        <legend>Channels</legend>
        <label className="check">
          <input type="checkbox" checked={all} autoFocus onChange={(e) => toggle('*', e.target.checked)} />
          All channels (*)
        </label>
        {props.channelNames.map((name) => (
          <label key={name} className="check">
            <input
              type="checkbox"
              checked={form.channels.includes(name)}
              disabled={all}
              onChange={(e) => toggle(name, e.target.checked)}
            />
            {name}
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        <label>
          Lowest severity
          <select value={form.minSeverity} onChange={(e) => setForm({ ...form, minSeverity: e.target.value })}>
            <option value="">any</option>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <label htmlFor={`${id}-kinds`}>Kinds</label>
          <input
            id={`${id}-kinds`}
            value={form.kinds}
            placeholder="every kind"
            aria-describedby={`${id}-kinds-hint`}
            onChange={(e) => setForm({ ...form, kinds: e.target.value })}
          />
          <small id={`${id}-kinds-hint`} className="muted">
            comma-separated, * wildcards: volume_*, price_spike
          </small>
        </div>
        <div className="field">
          <label htmlFor={`${id}-symbols`}>Symbols</label>
          <input
            id={`${id}-symbols`}
            value={form.symbols}
            placeholder="every symbol"
            aria-describedby={`${id}-symbols-hint`}
            onChange={(e) => setForm({ ...form, symbols: e.target.value })}
          />
          <small id={`${id}-symbols-hint`} className="muted">
            comma-separated, * wildcards: AAPL, BTC-*
          </small>
        </div>
      </div>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" disabled={props.busy}>
          {props.editing === null ? 'Add route' : 'Save route'}
        </button>
        <button type="button" className="ghost" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
