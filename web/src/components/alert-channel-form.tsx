/**
 * Add or edit a runtime alert channel: name, type and the fields of that type. Secret fields of an
 * existing channel start blank and keep their stored value unless something is typed.
 */
import { useId, useState } from 'react';
import {
  CHANNEL_FIELDS,
  CHANNEL_TYPES,
  channelBody,
  isChannelType,
  type ChannelForm,
  type ChannelSettings,
} from '../lib/alert-settings.js';

export interface AlertChannelFormProps {
  /** The channel being edited, or null for a new one. */
  readonly editing: ChannelSettings | null;
  readonly initial: ChannelForm;
  readonly busy: boolean;
  readonly error: string | null;
  onSubmit(name: string, body: Record<string, unknown>): void;
  onCancel(): void;
}

export function AlertChannelForm(props: AlertChannelFormProps) {
  const { editing, busy } = props;
  const [form, setForm] = useState<ChannelForm>(props.initial);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const title = editing === null ? 'Add channel' : `Edit channel ${editing.name}`;
  const error = problem ?? props.error;
  const setValue = (key: string, value: string): void => setForm({ ...form, values: { ...form.values, [key]: value } });

  return (
    <form
      className="settings-form"
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault();
        if (editing === null && form.name.trim() === '') {
          setProblem('Name is required');
          return;
        }
        const result = channelBody(form, editing?.settings ?? null);
        if ('problem' in result) {
          setProblem(result.problem);
          return;
        }
        setProblem(null);
        props.onSubmit(form.name.trim(), result.body);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <h3>{title}</h3>
      <div className="form-grid">
        <label>
          Name
          <input
            name="name"
            value={form.name}
            disabled={editing !== null}
            autoFocus={editing === null}
            required
            pattern="[A-Za-z0-9_.\-]{1,64}"
            title="letters, digits, _ . - (at most 64)"
            autoComplete="off"
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <label>
          Type
          <select
            name="type"
            value={form.type}
            autoFocus={editing !== null}
            onChange={(e) => {
              if (isChannelType(e.target.value)) setForm({ ...form, type: e.target.value, values: {} });
            }}
          >
            {CHANNEL_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        {CHANNEL_FIELDS[form.type].map((field) => {
          const hintId = `${id}-${field.key}-hint`;
          const keeps = editing !== null && field.kind === 'secret' && editing.type === form.type;
          const hint = keeps ? 'leave blank to keep the stored value' : field.hint;
          if (field.kind === 'boolean') {
            return (
              <label key={field.key} className="check">
                <input
                  type="checkbox"
                  name={field.key}
                  checked={form.values[field.key] === 'true'}
                  onChange={(e) => setValue(field.key, e.target.checked ? 'true' : '')}
                />
                {field.label}
              </label>
            );
          }
          const inputId = `${id}-${field.key}`;
          return (
            <div key={field.key} className="field">
              <label htmlFor={inputId}>
                {field.label}
                {field.required && !keeps ? ' *' : ''}
              </label>
              <input
                id={inputId}
                name={field.key}
                type={field.kind === 'secret' ? 'password' : field.kind === 'number' ? 'number' : 'text'}
                autoComplete={field.kind === 'secret' ? 'new-password' : 'off'}
                value={form.values[field.key] ?? ''}
                placeholder={keeps ? '•••••• (unchanged)' : ''}
                aria-describedby={hint ? hintId : undefined}
                onChange={(e) => setValue(field.key, e.target.value)}
              />
              {hint && (
                <small id={hintId} className="muted">
                  {hint}
                </small>
              )}
            </div>
          );
        })}
      </div>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {editing === null ? 'Add channel' : 'Save channel'}
        </button>
        <button type="button" className="ghost" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
