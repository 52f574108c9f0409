import { FormEvent, useState } from 'react';
import { Alert, ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { TextArea, TextField } from '../../components/ui/field';
import { plural } from '../../lib/format';
import { X3Auth, X3ConnectionInput, X3ConnectionView, X3TestResult, useCreateX3, useTestX3 } from './use-connections';

interface Draft {
  name: string;
  baseUrl: string;
  folder: string;
  companies: string;
  mode: 'jwt' | 'basic';
  clientId: string;
  secret: string;
  user: string;
  password: string;
  caPem: string;
}

const EMPTY: Draft = {
  name: '',
  baseUrl: '',
  folder: '',
  companies: '',
  mode: 'jwt',
  clientId: '',
  secret: '',
  user: '',
  password: '',
  caPem: '',
};

export function authOf(d: Pick<Draft, 'mode' | 'clientId' | 'secret' | 'user' | 'password'>): X3Auth {
  return d.mode === 'jwt'
    ? { mode: 'jwt', clientId: d.clientId.trim(), secret: d.secret, user: d.user.trim() }
    : { mode: 'basic', user: d.user.trim(), password: d.password };
}

function inputOf(d: Draft): X3ConnectionInput {
  return {
    name: d.name.trim(),
    baseUrl: d.baseUrl.trim(),
    folder: d.folder.trim(),
    companies: d.companies
      .split(/[\s,]+/)
      .map((c) => c.trim())
      .filter(Boolean),
    auth: authOf(d),
    ...(d.caPem.trim() ? { caPem: d.caPem.trim() } : {}),
  };
}

function validate(d: Draft): Partial<Record<keyof Draft, string>> {
  const errors: Partial<Record<keyof Draft, string>> = {};
  if (!d.name.trim()) errors.name = 'Give the connection a name';
  if (!/^https?:\/\/\S+$/i.test(d.baseUrl.trim()))
    errors.baseUrl = 'Enter the address of your Sage X3 server, starting with https://';
  if (!d.folder.trim()) errors.folder = 'Enter the X3 folder (endpoint), for example SEED';
  if (!d.user.trim()) errors.user = 'Enter the X3 user';
  if (d.mode === 'jwt' && !d.clientId.trim()) errors.clientId = 'Enter the connected application’s client id';
  if (d.mode === 'jwt' && !d.secret) errors.secret = 'Enter the connected application’s secret';
  if (d.mode === 'basic' && !d.password) errors.password = 'Enter the password';
  return errors;
}

/** Credential fields for either auth mode; shared by "add" and "update credentials". */
export function X3AuthFields({
  draft,
  set,
  errors,
  idPrefix,
}: {
  draft: Pick<Draft, 'mode' | 'clientId' | 'secret' | 'user' | 'password'>;
  set: (patch: Partial<Draft>) => void;
  errors: Partial<Record<keyof Draft, string>>;
  idPrefix: string;
}) {
  return (
    <>
      <fieldset className="radio-group">
        <legend>How Ledgerbridge signs in to X3</legend>
        <label>
          <input
            type="radio"
            name={`${idPrefix}-mode`}
            value="jwt"
            checked={draft.mode === 'jwt'}
            onChange={() => set({ mode: 'jwt' })}
          />{' '}
          Connected application (JWT, recommended)
        </label>
        <label>
          <input
            type="radio"
            name={`${idPrefix}-mode`}
            value="basic"
            checked={draft.mode === 'basic'}
            onChange={() => set({ mode: 'basic' })}
          />{' '}
          User and password (Basic)
        </label>
      </fieldset>
      {draft.mode === 'jwt' && (
        <>
          <TextField
            id={`${idPrefix}-client-id`}
            label="Client id"
            value={draft.clientId}
            onChange={(e) => set({ clientId: e.target.value })}
            error={errors.clientId}
            autoComplete="off"
            required
          />
          <TextField
            id={`${idPrefix}-secret`}
            label="Secret"
            type="password"
            value={draft.secret}
            onChange={(e) => set({ secret: e.target.value })}
            error={errors.secret}
            autoComplete="new-password"
            required
            hint="Stored encrypted; never shown again."
          />
        </>
      )}
      <TextField
        id={`${idPrefix}-user`}
        label="X3 user"
        value={draft.user}
        onChange={(e) => set({ user: e.target.value })}
        error={errors.user}
        autoComplete="off"
        required
      />
      {draft.mode === 'basic' && (
        <TextField
          id={`${idPrefix}-password`}
          label="Password"
          type="password"
          value={draft.password}
          onChange={(e) => set({ password: e.target.value })}
          error={errors.password}
          autoComplete="new-password"
          required
          hint="Stored encrypted; never shown again."
        />
      )}
    </>
  );
}

function TestOutcome({ result }: { result: X3TestResult }) {
  if (!result.ok) {
    return (
      <Alert tone="error" title="The connection test failed">
        {result.error.message} <span className="muted">({result.error.kind})</span>
      </Alert>
    );
  }
  const { companies, counts, types, missingTypes } = result.exposes;
  return (
    <Alert tone="success" title="Connected: Sage X3 answered">
      <p>
        {plural(companies.length, 'company', 'companies')} and {plural(types.length, 'entity type')} found.
      </p>
      {companies.length > 0 && (
        <ul className="compact-list">
          {companies.map((c) => (
            <li key={c.code}>
              <strong>{c.code}</strong> {c.name} ({c.currency})
            </li>
          ))}
        </ul>
      )}
      {missingTypes.length > 0 && (
        <p>Not exposed by this folder (the matching flows cannot run): {missingTypes.join(', ')}.</p>
      )}
      {Object.keys(counts).length > 0 && (
        <p className="muted">
          {Object.entries(counts)
            .map(([k, v]) => `${k}: ${v}`)
            .join(' · ')}
        </p>
      )}
    </Alert>
  );
}

/** Add a Sage X3 folder: test it first (what it exposes), then save. */
export function X3ConnectionForm({ onSaved }: { onSaved?: (c: X3ConnectionView) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const test = useTestX3();
  const create = useCreateX3();
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    test.reset();
  };
  const check = () => {
    const found = validate(draft);
    setErrors(found);
    return Object.keys(found).length === 0;
  };
  const onTest = () => check() && test.mutate(inputOf(draft));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!check()) return;
    create.mutate(inputOf(draft), {
      onSuccess: (saved) => {
        setDraft(EMPTY);
        test.reset();
        onSaved?.(saved);
      },
    });
  };
  const foundCompanies = test.data?.ok ? test.data.exposes.companies.map((c) => c.code) : [];
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Add a Sage X3 connection">
      <TextField
        label="Connection name"
        value={draft.name}
        onChange={(e) => set({ name: e.target.value })}
        error={errors.name}
        required
      />
      <TextField
        label="Server address"
        type="url"
        inputMode="url"
        placeholder="https://x3.example.com"
        value={draft.baseUrl}
        onChange={(e) => set({ baseUrl: e.target.value })}
        error={errors.baseUrl}
        required
        hint="The address you use for Sage X3 in the browser."
      />
      <TextField
        label="Folder"
        value={draft.folder}
        onChange={(e) => set({ folder: e.target.value })}
        error={errors.folder}
        required
        hint="The X3 folder (x-xtrem-endpoint), for example SEED."
      />
      <TextField
        label="Companies"
        value={draft.companies}
        onChange={(e) => setDraft((d) => ({ ...d, companies: e.target.value }))}
        hint="Company codes separated by commas; leave empty to offer every company in the folder."
      />
      <X3AuthFields draft={draft} set={set} errors={errors} idPrefix="x3-new" />
      <details className="advanced">
        <summary>Advanced: private certificate authority</summary>
        <TextArea
          label="CA certificate (PEM)"
          rows={4}
          value={draft.caPem}
          onChange={(e) => set({ caPem: e.target.value })}
          hint="Only if your X3 server uses a certificate from your own CA."
        />
      </details>
      <div role="status" aria-live="polite">
        {test.data && <TestOutcome result={test.data} />}
        {foundCompanies.length > 0 && !draft.companies.trim() && (
          <Button variant="link" onClick={() => setDraft((d) => ({ ...d, companies: foundCompanies.join(', ') }))}>
            Use the companies found ({foundCompanies.join(', ')})
          </Button>
        )}
      </div>
      <ErrorAlert error={test.error} title="The test could not run" />
      <ErrorAlert error={create.error} title="The connection was not saved" />
      <div className="actions">
        <Button onClick={onTest} busy={test.isPending}>
          Test connection
        </Button>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Save connection
        </Button>
      </div>
    </form>
  );
}

export function UpdateX3CredentialsForm({
  connection,
  onDone,
  pending,
  error,
  submit,
}: {
  connection: X3ConnectionView;
  onDone: () => void;
  pending: boolean;
  error: unknown;
  submit: (auth: X3Auth) => void;
}) {
  const [draft, setDraft] = useState({
    mode: connection.authMode,
    clientId: '',
    secret: '',
    user: '',
    password: '',
  } as Pick<Draft, 'mode' | 'clientId' | 'secret' | 'user' | 'password'>);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = validate({ ...EMPTY, name: 'x', baseUrl: 'https://x', folder: 'x', ...draft });
    setErrors(found);
    if (Object.keys(found).length === 0) submit(authOf(draft));
  };
  return (
    <form
      className="form inline-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={`New credentials for ${connection.name}`}
    >
      <X3AuthFields
        draft={draft}
        set={(p) => setDraft((d) => ({ ...d, ...p }))}
        errors={errors}
        idPrefix={`x3-${connection.id}`}
      />
      <ErrorAlert error={error} title="The credentials were not changed" />
      <div className="actions">
        <Button type="submit" variant="primary" busy={pending}>
          Save credentials
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
