import { Link } from 'react-router';
import type { LedgerLineView, RunLedgerView } from '../../api/types';
import { Alert } from '../../components/ui/alert';
import { StatusBadge } from '../../components/ui/page';
import { Column, Table } from '../../components/ui/table';
import { plural } from '../../lib/format';
import { LEDGER_CLASS_LABEL } from './recon-labels';
import { reconPagePath } from './use-reconciliation';

const keyOf = (l: LedgerLineView) => l.xeroCode ?? `X3 ${l.x3Accounts.join('+')}`;

/**
 * The run's GL comparison: what each ledger moved since the day both are in step from, account by
 * account (equal lines too: the table proves agreement), with the month's difference beside it.
 */
export function LedgerSection({ ledger, integrationId }: { ledger: RunLedgerView | null; integrationId: string }) {
  if (!ledger) return <p className="empty">This run did not compare the general ledger.</p>;
  if (ledger.skipped)
    return (
      <Alert tone="info" title="The general ledger was not compared">
        {ledger.skipped}. <Link to={reconPagePath(integrationId)}>Ledger settings</Link>
      </Alert>
    );
  const lines = ledger.lines ?? [];
  const month = new Map((ledger.monthLines ?? []).map((l) => [keyOf(l), l]));
  const differing = lines.filter((l) => l.class !== 'equal').length;
  const columns: Column<LedgerLineView>[] = [
    {
      header: 'Xero account',
      cell: (l) => (l.xeroCode ? <code>{l.xeroCode}</code> : <span className="muted">none</span>),
    },
    { header: 'Sage X3 accounts', cell: (l) => l.x3Accounts.join(', ') || <span className="muted">none</span> },
    { header: 'Sage X3 moved', cell: (l) => <span className="number">{l.x3Balance}</span> },
    { header: 'Xero moved', cell: (l) => <span className="number">{l.xeroBalance}</span> },
    { header: 'Difference', cell: (l) => <span className="number">{l.difference}</span> },
    {
      header: `Since ${ledger.monthFrom}`,
      cell: (l) => <span className="number">{month.get(keyOf(l))?.difference ?? '0.00'}</span>,
    },
    {
      header: 'Agreement',
      cell: (l) => (
        <StatusBadge
          status={l.class === 'equal' ? 'ok' : 'needs decision'}
          label={LEDGER_CLASS_LABEL[l.class] ?? l.class}
        />
      ),
    },
  ];
  return (
    <>
      <p data-testid="recon-ledger-summary">
        What each ledger moved from {ledger.inStepFrom} to {ledger.asOf}, {plural(lines.length, 'account')}:{' '}
        {differing ? `${plural(differing, 'account')} differ (listed with the differences below).` : 'all agree.'}
      </p>
      <Table
        caption="General ledger, both sides"
        columns={columns}
        rows={lines}
        rowKey={keyOf}
        rowTestId={(l) => `ledger-${keyOf(l)}`}
        empty="Neither ledger moved on a mapped account in the period."
      />
    </>
  );
}
