import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { AlertRuleView, AlertView, CreateAlertRuleInput, CreatedAlertRule } from '../../api/types';
import { Alert, ErrorAlert, Loading, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { SelectField, TextField } from '../../components/ui/field';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { apiGet, apiSend } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import { useMember } from '../session/use-session';

const KINDS: Array<{ value: CreateAlertRuleInput['kind']; label: string; threshold: string }> = [
  { value: 'flow-failing', label: 'A flow is failing', threshold: 'Failures in the window' },
  { value: 'dead-letters', label: 'Dead letters above N', threshold: 'Dead letters' },
  { value: 'lag', label: 'Sync lag above N minutes', threshold: 'Minutes' },
  { value: 'waiting', label: 'Records waiting longer than N hours', threshold: 'Hours' },
  { value: 'reauthorisation', label: 'A connection needs re-authorisation', threshold: 'Threshold (not used)' },
  { value: 'budget', label: 'Xero day budget nearly spent', threshold: 'Percent of the day spent' },
];
const kindLabel = (k: string) => KINDS.find((x) => x.value === k)?.label ?? k;

function NewRule({ onCreated }: { onCreated: (c: CreatedAlertRule) => void }) {
  const { tenant } = useMember();
  const client = useQueryClient();
  const [form, setForm] = useState({
    name: '',
    kind: 'flow-failing',
    threshold: '3',
    flowKey: '',
    emails: '',
    webhookUrl: '',
  });
  const create = useMutation({
    mutationFn: (input: CreateAlertRuleInput) => apiSend<CreatedAlertRule>('POST', '/api/alerts/rules', input),
    onSuccess: async (c) => {
      onCreated(c);
      await client.invalidateQueries({ queryKey: ['tenant', tenant.id, 'alert-rules'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const emails = form.emails
      .split(/[,\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    create.mutate({
      name: form.name,
      kind: form.kind as CreateAlertRuleInput['kind'],
      threshold: Number(form.threshold),
      ...(form.flowKey ? { flowKey: form.flowKey } : {}),
      ...(emails.length ? { emailRecipients: emails } : {}),
      ...(form.webhookUrl ? { webhookUrl: form.webhookUrl } : {}),
    });
  };
  const kind = KINDS.find((k) => k.value === form.kind)!;
  return (
    <form aria-label="New alert rule" onSubmit={submit}>
      <TextField label="Name" value={form.name} required onChange={(e) => setForm({ ...form, name: e.target.value })} />
      <SelectField
        label="When"
        value={form.kind}
        options={KINDS.map((k) => ({ value: k.value, label: k.label }))}
        onChange={(e) => setForm({ ...form, kind: e.target.value })}
      />
      <TextField
        label={kind.threshold}
        type="number"
        min={0}
        step={1}
        required
        value={form.threshold}
        onChange={(e) => setForm({ ...form, threshold: e.target.value })}
      />
      <TextField
        label="Flow (optional)"
        hint="A flow key such as invoices; empty: every flow"
        value={form.flowKey}
        onChange={(e) => setForm({ ...form, flowKey: e.target.value })}
      />
      <TextField
        label="Email to"
        hint="One or more addresses, separated by commas"
        value={form.emails}
        onChange={(e) => setForm({ ...form, emails: e.target.value })}
      />
      <TextField
        label="Webhook URL (optional)"
        hint="Slack, Teams or your own endpoint; each notice is signed (X-Ledgerbridge-Signature)"
        type="url"
        value={form.webhookUrl}
        onChange={(e) => setForm({ ...form, webhookUrl: e.target.value })}
      />
      <Button type="submit" variant="primary" busy={create.isPending}>
        Add the rule
      </Button>
      <ErrorAlert error={create.error} title="The rule was not added" />
    </form>
  );
}

/** The tenant's alert rules (admins add and remove them) and its open and resolved alerts. */
export function AlertsPage() {
  const { canEdit, tenant } = useMember();
  const client = useQueryClient();
  const [created, setCreated] = useState<CreatedAlertRule>();
  const rules = useQuery({
    queryKey: ['tenant', tenant.id, 'alert-rules'],
    queryFn: () => apiGet<AlertRuleView[]>('/api/alerts/rules'),
  });
  const alerts = useQuery({
    queryKey: ['tenant', tenant.id, 'alerts'],
    queryFn: () => apiGet<AlertView[]>('/api/alerts'),
    refetchInterval: 30_000,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/alerts/rules/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tenant', tenant.id] }),
  });
  const ruleName = (id: string) => rules.data?.find((r) => r.id === id)?.name ?? 'A removed rule';
  return (
    <Page
      title="Alerts"
      lead="Be told by email or webhook when a flow fails, lags or needs you; and again when it clears."
    >
      {!canEdit && <ReadOnlyNote />}
      {created?.webhookSecret && (
        <Alert tone="success" title="The rule is added">
          <p>Its webhook notices are signed with this secret — it is shown only now:</p>
          <p>
            <code data-testid="alert-webhook-secret">{created.webhookSecret}</code>
          </p>
        </Alert>
      )}
      <Section title="Alerts" id="alerts-heading">
        {alerts.isPending && <Loading what="alerts" />}
        <ErrorAlert error={alerts.error} title="Alerts could not be loaded" />
        {alerts.data && (
          <Table
            caption="Open and resolved alerts, newest first"
            rows={alerts.data}
            rowKey={(a) => a.id}
            empty="No alerts. All quiet: alerts appear here when a rule below fires."
            columns={[
              {
                header: 'State',
                cell: (a) => <StatusBadge status={a.state === 'open' ? 'failed' : 'ok'} label={a.state} />,
              },
              { header: 'Rule', cell: (a) => ruleName(a.ruleId) },
              { header: 'What', cell: (a) => a.summary },
              { header: 'Opened', cell: (a) => formatDateTime(a.openedAt) },
              { header: 'Resolved', cell: (a) => (a.resolvedAt ? formatDateTime(a.resolvedAt) : '') },
            ]}
          />
        )}
      </Section>
      <Section title="Rules" id="alert-rules-heading">
        {rules.isPending && <Loading what="alert rules" />}
        <ErrorAlert error={rules.error} title="Rules could not be loaded" />
        <ErrorAlert error={remove.error} title="The rule was not removed" />
        {rules.data && (
          <Table
            caption="Alert rules"
            rows={rules.data}
            rowKey={(r) => r.id}
            empty="No rules yet. Add one with the form below to hear about failures by email."
            columns={[
              { header: 'Name', cell: (r) => r.name },
              {
                header: 'When',
                cell: (r) => `${kindLabel(r.kind)} (N = ${r.threshold})${r.flowKey ? `, flow ${r.flowKey}` : ''}`,
              },
              {
                header: 'Sent to',
                cell: (r) => [...r.emailRecipients, ...(r.webhookUrl ? ['webhook'] : [])].join(', '),
              },
              ...(canEdit
                ? [
                    {
                      header: 'Actions',
                      hideHeader: true,
                      cell: (r: AlertRuleView) => (
                        <Button
                          variant="link"
                          onClick={() => remove.mutate(r.id)}
                          aria-label={`Remove the rule ${r.name}`}
                        >
                          Remove
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Section>
      {canEdit && (
        <Section title="Add a rule" id="new-alert-rule-heading">
          <NewRule onCreated={setCreated} />
          {import.meta.env.DEV && (
            <p>
              <Link to="/dev/mails">See the mails that would have been sent</Link> (development only).
            </p>
          )}
        </Section>
      )}
    </Page>
  );
}
