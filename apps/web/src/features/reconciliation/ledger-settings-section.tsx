import { FormEvent, useState } from 'react';
import type { LedgerSettingsView } from '../../api/types';
import { ErrorAlert, Loading, LiveStatus } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { TextField } from '../../components/ui/field';
import { useLedgerSettings, useSaveLedgerSettings } from './use-reconciliation';

/** "610, 611" → ["610", "611"]: the api checks each code. */
const accountsOf = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);

/** What the GL comparison needs that no mapping says. Viewers read it; owners and admins set or remove it. */
export function LedgerSettingsSection({ integrationId, canEdit }: { integrationId: string; canEdit: boolean }) {
  const settings = useLedgerSettings(integrationId);
  const save = useSaveLedgerSettings(integrationId);
  const [said, setSaid] = useState<string>();
  if (settings.isPending) return <Loading what="the ledger settings" />;
  if (settings.error) return <ErrorAlert error={settings.error} title="The ledger settings could not be loaded" />;
  const current = settings.data.settings;
  return (
    <>
      <LedgerFacts settings={current} />
      {canEdit && (
        <LedgerForm key={current ? JSON.stringify(current) : 'none'} current={current} save={save} onSaid={setSaid} />
      )}
      {canEdit && (
        <>
          <ErrorAlert error={save.error} title="The ledger settings were not changed" />
          <LiveStatus message={said} />
        </>
      )}
    </>
  );
}

function LedgerFacts({ settings }: { settings: LedgerSettingsView | null }) {
  if (!settings)
    return (
      <p className="empty" data-testid="recon-ledger-settings">
        The general ledger is not compared yet: each ledger has its own history before the day both hold the same
        postings, so that day is needed first.
      </p>
    );
  const list = (accounts: string[]) => (accounts.length ? accounts.join(', ') : 'none set');
  return (
    <dl className="facts" data-testid="recon-ledger-settings">
      <dt>In step from</dt>
      <dd>{settings.inStepFrom}</dd>
      <dt>Receivable control accounts</dt>
      <dd>{list(settings.receivableAccounts)}</dd>
      <dt>Payable control accounts</dt>
      <dd>{list(settings.payableAccounts)}</dd>
    </dl>
  );
}

function LedgerForm({
  current,
  save,
  onSaid,
}: {
  current: LedgerSettingsView | null;
  save: ReturnType<typeof useSaveLedgerSettings>;
  onSaid: (message: string) => void;
}) {
  const [inStepFrom, setInStepFrom] = useState(current?.inStepFrom ?? '');
  const [receivable, setReceivable] = useState(current?.receivableAccounts.join(', ') ?? '');
  const [payable, setPayable] = useState(current?.payableAccounts.join(', ') ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { inStepFrom, receivableAccounts: accountsOf(receivable), payableAccounts: accountsOf(payable) },
      { onSuccess: () => onSaid('Ledger settings saved: the next run compares the general ledger.') },
    );
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Ledger settings">
      <TextField
        label="Both ledgers in step from"
        type="date"
        required
        value={inStepFrom}
        onChange={(e) => setInStepFrom(e.target.value)}
        hint="Go-live, or the day opening balances were entered in both. Runs compare what each ledger moved from this day."
      />
      <div className="field-row">
        <TextField
          label="Receivable control accounts (Sage X3)"
          value={receivable}
          onChange={(e) => setReceivable(e.target.value)}
          hint="Compared with Xero's Accounts Receivable. Separate several with commas."
        />
        <TextField
          label="Payable control accounts (Sage X3)"
          value={payable}
          onChange={(e) => setPayable(e.target.value)}
          hint="Compared with Xero's Accounts Payable."
        />
      </div>
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.isPending && save.variables !== null}>
          Save ledger settings
        </Button>
        {current && (
          <Button
            busy={save.isPending && save.variables === null}
            onClick={() =>
              save.mutate(null, { onSuccess: () => onSaid('Ledger settings removed: runs compare no GL.') })
            }
          >
            Stop comparing the GL
          </Button>
        )}
      </div>
    </form>
  );
}
