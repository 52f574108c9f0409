import { FormEvent, useState } from 'react';
import type { CreatedReportingKey, ReportingKeyView } from '../../api/types';
import { Alert, ErrorAlert, Loading, LiveStatus, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { TextField } from '../../components/ui/field';
import { StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { reauthOnError, useReplayAfterReauth } from '../../lib/reauth';
import {
  reportingBaseUrl,
  useCreateReportingKey,
  useReportingKeys,
  useReportingViews,
  useRevokeReportingKey,
} from './use-reporting';

/**
 * Reporting access for BI tools: the read-only views any member can read about, and (for owners
 * and admins) the keys a BI tool reads them with. A key's secret is shown once, right after it is
 * made, and lives only in this component's state until the person hides it.
 */
export function ReportingSection({ canEdit }: { canEdit: boolean }) {
  return (
    <>
      {canEdit ? (
        <ReportingKeys />
      ) : (
        <ReadOnlyNote>
          Only owners and admins create and revoke reporting keys: ask one of them for a key for your BI tool.
        </ReadOnlyNote>
      )}
      <h3>Views</h3>
      <ReportingViews />
    </>
  );
}

function ReportingViews() {
  const views = useReportingViews();
  if (views.isPending) return <Loading what="the reporting views" />;
  if (views.error) return <ErrorAlert error={views.error} title="The reporting views could not be loaded" />;
  return (
    <>
      <p className="hint">
        Each view is read only and holds this organisation&apos;s rows only. Times are UTC, amounts are decimal text.
      </p>
      {views.data.map((v) => (
        <details key={v.name} data-testid={`reporting-view-${v.name}`}>
          <summary>
            <code>{v.name}</code>: {v.description}
          </summary>
          <Table
            caption={`Columns of the ${v.name} view`}
            rows={v.columns}
            rowKey={(c) => c.name}
            empty="No columns."
            columns={[
              { header: 'Column', cell: (c) => <code>{c.name}</code> },
              { header: 'Type', cell: (c) => c.type },
              { header: 'Meaning', cell: (c) => c.description },
            ]}
          />
        </details>
      ))}
    </>
  );
}

function ReportingKeys() {
  const keys = useReportingKeys();
  const create = useCreateReportingKey();
  const revoke = useRevokeReportingKey();
  const [created, setCreated] = useState<CreatedReportingKey>();
  const [revoking, setRevoking] = useState<ReportingKeyView>();
  const [said, setSaid] = useState<string>();
  // Creating a key needs a recent Xero sign-in: after the round trip, the key is created then.
  const make = (name: string) =>
    create.mutate(name, {
      onSuccess: (key) => {
        setCreated(key);
        setSaid(`Reporting key "${key.name}" created: copy it now, it is not shown again.`);
      },
      onError: (e) => void reauthOnError('reporting.key_create', e, name),
    });
  useReplayAfterReauth('reporting.key_create', make);
  const confirmRevoke = (key: ReportingKeyView) =>
    revoke.mutate(key.id, {
      onSuccess: () => {
        setRevoking(undefined);
        if (created?.id === key.id) setCreated(undefined);
        setSaid(`Reporting key "${key.name}" revoked: it no longer opens the views.`);
      },
      onError: () => setRevoking(undefined),
    });
  return (
    <>
      {/* keyed by the last key made: the form starts empty again after a success, keeps the name after a refusal */}
      <CreateKeyForm key={created?.id ?? 'none'} create={create} onCreate={make} />
      {created && <CreatedKey created={created} onDone={() => setCreated(undefined)} onSaid={setSaid} />}
      <LiveStatus message={said} />
      <h3>Keys</h3>
      {keys.isPending && <Loading what="reporting keys" />}
      <ErrorAlert error={keys.error} title="Reporting keys could not be loaded" />
      <ErrorAlert error={revoke.error} title="The key was not revoked" />
      {keys.data && (
        <Table
          caption="Reporting keys, newest first"
          rows={keys.data}
          rowKey={(k) => k.id}
          rowTestId={(k) => `reporting-key-${k.keyPrefix}`}
          empty="No reporting keys yet: create one above for each BI tool or workspace that reads the views."
          columns={[
            { header: 'Name', cell: (k) => <span className="break">{k.name}</span> },
            { header: 'Key', cell: (k) => <code>{k.keyPrefix}…</code> },
            { header: 'Created', cell: (k) => formatDateTime(k.createdAt) },
            { header: 'Last used', cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'never') },
            {
              header: 'Status',
              cell: (k) =>
                k.revokedAt ? (
                  <>
                    <StatusBadge status="revoked" /> <span className="muted">{formatDateTime(k.revokedAt)}</span>
                  </>
                ) : (
                  <StatusBadge status="active" />
                ),
            },
            {
              header: 'Actions',
              hideHeader: true,
              cell: (k) =>
                k.revokedAt ? null : (
                  <Button onClick={() => setRevoking(k)} aria-label={`Revoke the reporting key ${k.name}`}>
                    Revoke
                  </Button>
                ),
            },
          ]}
        />
      )}
      <ConfirmDialog
        open={!!revoking}
        title={`Revoke the reporting key ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke key"
        danger
        busy={revoke.isPending}
        onConfirm={() => revoking && confirmRevoke(revoking)}
        onCancel={() => setRevoking(undefined)}
      >
        <p>
          Every BI tool using the key starting <code>{revoking?.keyPrefix}</code> is refused from now on. A revoked key
          cannot be used again: create a new one for a tool that still needs access.
        </p>
      </ConfirmDialog>
    </>
  );
}

function CreateKeyForm({
  create,
  onCreate,
}: {
  create: ReturnType<typeof useCreateReportingKey>;
  onCreate: (name: string) => void;
}) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Say what the key is for, e.g. "Power BI finance workspace"');
    setError(undefined);
    onCreate(name.trim());
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Create a reporting key">
      <TextField
        label="What the key is for"
        hint="A name to recognise it by, e.g. Power BI finance workspace. Creating a key asks you to confirm it is you with Xero first."
        value={name}
        maxLength={80}
        autoComplete="off"
        error={error}
        onChange={(e) => setName(e.target.value)}
      />
      <ErrorAlert error={create.error} title="The reporting key was not created" />
      <div className="actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create reporting key
        </Button>
      </div>
    </form>
  );
}

/** The secret, once: copy it, see how a BI tool uses it, then hide it for good. */
function CreatedKey({
  created,
  onDone,
  onSaid,
}: {
  created: CreatedReportingKey;
  onDone: () => void;
  onSaid: (message: string) => void;
}) {
  const base = reportingBaseUrl();
  const copy = () =>
    void navigator.clipboard?.writeText(created.key).then(
      () => onSaid('The reporting key is copied.'),
      () => onSaid('The key could not be copied: select it in the box and copy it yourself.'),
    );
  return (
    <Alert tone="success" title={`Reporting key "${created.name}" created: copy it now, it is not shown again`}>
      <div data-testid="reporting-key-created">
        <TextField
          label="Reporting key"
          value={created.key}
          readOnly
          className="code"
          onFocus={(e) => e.target.select()}
        />
        <div className="button-row">
          <Button onClick={copy}>Copy key</Button>
          <Button variant="primary" onClick={onDone}>
            I have stored it: hide the key
          </Button>
        </div>
        <p>
          A BI tool sends it as the header <code>Authorization: Bearer {created.keyPrefix}…</code> to{' '}
          <code>{base}</code>. For example:
        </p>
        <pre className="code source-record" tabIndex={0} aria-label="Example request with curl">
          {`curl -H "Authorization: Bearer ${created.key}" \\\n  "${base}/views/integrations?format=csv"`}
        </pre>
      </div>
    </Alert>
  );
}
