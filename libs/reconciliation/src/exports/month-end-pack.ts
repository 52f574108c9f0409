// The month-end reconciliation pack: the month end's latest finished run as one zip — its
// differences as CSV, its report as PDF, a plain-text summary and, when the run compared the GL,
// both trial balances as CSV — for the accountant's file.
import { zipSync } from 'fflate';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { ledgerOf, ReconciliationNotFoundError } from '../reconciliations.service';
import type { RunLedgerResult } from '../ledger/run-ledger';
import { DIFFERENCE_CLASSES } from '../runs/classify';
import { ReconRun } from '../runs/recon-run.entity';
import { differencesCsv } from './differences-csv';
import { runReportPdf } from './run-report-pdf';
import { trialBalanceCsv } from './trial-balance-csv';

export interface MonthEndPack {
  filename: string;
  zip: Uint8Array;
}

/** The last day of a YYYY-MM month, as YYYY-MM-DD. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

async function collect(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function ledgerSummary(ledger: RunLedgerResult | null): string[] {
  if (!ledger) return ['General ledger: not compared by this run.'];
  if ('skipped' in ledger) return [`General ledger: not compared (${ledger.skipped}).`];
  const differing = ledger.lines.filter((l) => l.class !== 'equal').length;
  return [
    `General ledger: ${ledger.lines.length} accounts compared, moved from ${ledger.inStepFrom} to ${ledger.asOf}; ` +
      (differing ? `${differing} differ (glAccount lines of differences.csv).` : 'all agree.'),
  ];
}

function summary(name: string, month: string, run: ReconRun, ledger: RunLedgerResult | null): string {
  const lines = [
    `Month-end reconciliation pack — ${name}`,
    `Month: ${month} (as of ${run.asOf})`,
    `Run: ${run.id}, finished ${run.finishedAt?.toISOString() ?? '—'}`,
    `Records compared: ${run.counts.compared ?? 0}`,
    ...ledgerSummary(ledger),
    ...DIFFERENCE_CLASSES.filter((c) => run.counts[c]).map((c) => `${c}: ${run.counts[c]}`),
    '',
    'differences.csv: every difference with its likely cause, suggested fix and decision.',
    'report.pdf: the run summarised for the file.',
    ...(ledger && 'lines' in ledger
      ? ['trial-balance.csv: every GL account on both sides, with what moved in the month.']
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** Builds the pack, or not found (with what to do) when the month end has no finished run. */
export async function monthEndPack(
  tx: TenantTransactions,
  scope: { tenantId: string; integrationId: string },
  month: string,
): Promise<MonthEndPack> {
  const asOf = monthEnd(month);
  const { run, name, ledger } = await tx.runReadOnly(scope.tenantId, async (m) => {
    const integration = await m.findOne(Integration, { where: { id: scope.integrationId } });
    if (!integration) throw new ReconciliationNotFoundError('integration not found');
    const latest = await m.findOne(ReconRun, {
      where: { integrationId: scope.integrationId, asOf, state: 'done' },
      order: { finishedAt: 'DESC' },
    });
    return { run: latest, name: integration.name, ledger: latest ? await ledgerOf(m, latest.id) : null };
  });
  if (!run)
    throw new ReconciliationNotFoundError(
      `no finished reconciliation as of ${asOf}: run one as of that day, or let a monthly schedule run it`,
    );
  const ref = { ...scope, runId: run.id };
  const [csv, pdf] = await Promise.all([
    collect(differencesCsv(tx, ref)),
    runReportPdf(tx, ref).then((doc) => collect(doc)),
  ]);
  const zip = zipSync({
    'differences.csv': csv,
    'report.pdf': [pdf, { level: 0 }], // already compressed inside
    'summary.txt': Buffer.from(summary(name, month, run, ledger)),
    ...(ledger && 'lines' in ledger ? { 'trial-balance.csv': Buffer.from(trialBalanceCsv(ledger)) } : {}),
  });
  return { filename: `month-end-${month}.zip`, zip };
}
