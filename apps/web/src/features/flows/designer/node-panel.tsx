import { Button } from '../../../components/ui/button';
import { EDGE_LABELS_OF, GraphEdge, GraphNode, KIND_LABEL, text } from './flow-graph';

const ROLES = ['viewer', 'admin', 'owner'];
const ACTIONS: Array<[string, string]> = [
  ['upsert', 'Create or update in the target'],
  ['create-only', 'Create only'],
  ['flag', 'Write nothing: list it for review'],
];

function NumberField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: unknown;
  onChange: (v: number | undefined) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={1}
        value={text(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    </div>
  );
}

/** The selected node's settings, by kind. */
export function NodePanel({
  node,
  readOnly,
  onChange,
  onRemove,
}: {
  node: GraphNode;
  readOnly: boolean;
  onChange: (config: Record<string, unknown>) => void;
  onRemove: () => void;
}) {
  const c = node.config;
  const set = (patch: Record<string, unknown>) => onChange({ ...c, ...patch });
  const id = (f: string) => `node-${node.id}-${f}`;
  return (
    <div className="node-panel" data-testid="node-panel">
      <h3>
        {KIND_LABEL[node.kind]} <code>{node.id}</code>
      </h3>
      <fieldset disabled={readOnly}>
        <legend className="visually-hidden">Settings of {node.id}</legend>
        {(node.kind === 'condition' || node.kind === 'branch') && (
          <div className="field">
            <label htmlFor={id('expression')}>Condition (JSONata on the canonical record)</label>
            <textarea
              id={id('expression')}
              className="code"
              rows={2}
              value={text(c.expression)}
              onChange={(e) => set({ expression: e.target.value })}
            />
          </div>
        )}
        {node.kind === 'transform' && (
          <div className="field">
            <label htmlFor={id('version')}>Mapping version</label>
            <input
              id={id('version')}
              value={text((c.mapping as { version?: unknown } | undefined)?.version) || 'active'}
              onChange={(e) =>
                set({
                  mapping: {
                    direction: 'x3-to-xero',
                    version: /^\d+$/.test(e.target.value) ? Number(e.target.value) : 'active',
                  },
                })
              }
            />
            <p className="hint">"active", or a version number to pin.</p>
          </div>
        )}
        {node.kind === 'action' && (
          <div className="field">
            <label htmlFor={id('action')}>Action</label>
            <select id={id('action')} value={text(c.action)} onChange={(e) => set({ action: e.target.value })}>
              {ACTIONS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
        )}
        {node.kind === 'wait-for-event' && (
          <>
            <div className="field">
              <label htmlFor={id('event')}>Event</label>
              <select id={id('event')} value={text(c.event)} onChange={(e) => set({ event: e.target.value })}>
                <option value="x3:delivery-validated">
                  The record's X3 sales order is shipped (delivery validated)
                </option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={id('order-field')}>Order field on the record</label>
              <input
                id={id('order-field')}
                value={text(c.orderField)}
                placeholder="salesOrder"
                onChange={(e) => set({ orderField: e.target.value || undefined })}
              />
            </div>
            <NumberField
              id={id('timeout')}
              label="Time out after (seconds)"
              value={c.timeoutSeconds}
              onChange={(v) => set({ timeoutSeconds: v })}
            />
          </>
        )}
        {node.kind === 'approval' && (
          <>
            <div className="field">
              <label htmlFor={id('role')}>Approved by (this role or higher)</label>
              <select id={id('role')} value={text(c.role)} onChange={(e) => set({ role: e.target.value })}>
                {ROLES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </div>
            <NumberField
              id={id('timeout')}
              label="Time out after (seconds)"
              value={c.timeoutSeconds}
              onChange={(v) => set({ timeoutSeconds: v })}
            />
          </>
        )}
        {node.kind === 'trigger' && <p>The flow's trigger (schedule, webhook, X3 poll) starts each record here.</p>}
      </fieldset>
      {!readOnly && node.kind !== 'trigger' && (
        <Button variant="danger" onClick={onRemove}>
          Remove this node
        </Button>
      )}
    </div>
  );
}

/** The selected edge: its label (the branch it stands for) and removal. */
export function EdgePanel({
  edge,
  from,
  readOnly,
  onLabel,
  onRemove,
}: {
  edge: GraphEdge;
  from: GraphNode | undefined;
  readOnly: boolean;
  onLabel: (label: string) => void;
  onRemove: () => void;
}) {
  const labels = from ? [...EDGE_LABELS_OF[from.kind].required, ...EDGE_LABELS_OF[from.kind].optional] : [''];
  return (
    <div className="node-panel" data-testid="edge-panel">
      <h3>
        Edge {edge.from} → {edge.to}
      </h3>
      <div className="field">
        <label htmlFor="edge-label">Taken when</label>
        <select id="edge-label" value={edge.label ?? ''} disabled={readOnly} onChange={(e) => onLabel(e.target.value)}>
          {labels.map((l) => (
            <option key={l} value={l}>
              {l || 'always (next step)'}
            </option>
          ))}
        </select>
      </div>
      {!readOnly && (
        <Button variant="danger" onClick={onRemove}>
          Remove this edge
        </Button>
      )}
    </div>
  );
}
