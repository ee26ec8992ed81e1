/** The panel for a new or selected label: class, note, auto-refine, save, delete. */
import { useState } from 'react';
import { formatTime } from '../lib/format.js';
import { LABEL_CLASSES, type LabelDraft } from '../lib/labels.js';

export interface LabelEditorProps {
  readonly draft: LabelDraft;
  readonly canEdit: boolean;
  readonly busy: boolean;
  readonly message: string | null;
  onChange(draft: LabelDraft): void;
  onRefine(): void;
  onSave(): void;
  onDelete(): void;
  onCancel(): void;
}

export function LabelEditor(props: LabelEditorProps) {
  const { draft, canEdit, busy } = props;
  const [confirming, setConfirming] = useState(false);
  return (
    <form
      className="label-editor"
      aria-label={draft.id === undefined ? 'New label' : 'Edit label'}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <h2>{draft.id === undefined ? 'New label' : 'Label'}</h2>
      <p className="small">
        {formatTime(draft.start)} → {formatTime(draft.end)}
      </p>
      <label>
        Class
        <select
          name="kind"
          value={draft.kind}
          disabled={!canEdit}
          onChange={(e) => props.onChange({ ...draft, kind: e.target.value })}
        >
          {LABEL_CLASSES.map((kind) => (
            <option key={kind} value={kind}>
              {kind.replaceAll('_', ' ')}
            </option>
          ))}
          {!LABEL_CLASSES.includes(draft.kind as (typeof LABEL_CLASSES)[number]) && (
            <option value={draft.kind}>{draft.kind}</option>
          )}
        </select>
      </label>
      <label>
        Note
        <textarea
          name="note"
          rows={3}
          value={draft.note}
          disabled={!canEdit}
          onChange={(e) => props.onChange({ ...draft, note: e.target.value })}
        />
      </label>
      {props.message !== null && (
        <p className="small" role="status">
          {props.message}
        </p>
      )}
      {canEdit ? (
        <div className="buttons">
          <button
            type="button"
            onClick={props.onRefine}
            disabled={busy}
            title="Tighten the range to the bars where volume or price departs from normal"
          >
            Auto-refine
          </button>
          <button type="submit" disabled={busy}>
            {draft.id === undefined ? 'Save label' : 'Save changes'}
          </button>
          {draft.id !== undefined &&
            (confirming ? (
              <button type="button" className="danger" onClick={props.onDelete} disabled={busy}>
                Confirm delete
              </button>
            ) : (
              <button type="button" className="danger" onClick={() => setConfirming(true)}>
                Delete
              </button>
            ))}
          <button type="button" className="ghost" onClick={props.onCancel}>
            Close
          </button>
        </div>
      ) : (
        <p className="muted small">Labelling needs the analyst role.</p>
      )}
    </form>
  );
}
