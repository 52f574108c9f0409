// A run's report as PDF (pdfkit): what was compared, the differences counted per class, and the
// first of each class with its likely cause and suggested fix; the CSV has every one. Standard
// PDF fonts only (Helvetica: Latin text; other scripts need an embedded font, not done here).
import PDFDocument from 'pdfkit';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { DIFFERENCE_CLASSES } from '../runs/classify';
import { ReconDifference } from '../runs/recon-difference.entity';
import { loadRun, RunRef } from './run-rows';
import { ledgerOf } from '../reconciliations.service';
import type { RunLedgerResult } from '../ledger/run-ledger';

/** Differences listed per class in the PDF; the rest are counted. */
export const PDF_DIFFERENCES_PER_CLASS = 25;
/** GL lines listed in the PDF (differing ones first); the month-end pack's trial-balance.csv has all. */
export const PDF_LEDGER_LINES = 60;

const CLASS_TITLES: Record<string, string> = {
  missingInXero: 'Missing in Xero',
  missingInX3: 'Missing in Sage X3',
  amount: 'Amount differs',
  rounding: 'Rounding (up to 0.01)',
  status: 'Status differs',
  duplicate: 'Duplicates',
  currency: 'Currency differs',
  unmapped: 'Unmapped',
};

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');

/** The GL comparison: what was compared, then its lines (differing first), or why there was none. */
function ledgerSection(doc: PDFKit.PDFDocument, ledger: RunLedgerResult | null): void {
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text('General ledger');
  doc.font('Helvetica').fontSize(10);
  if (!ledger) return void doc.text('Not compared by this run.');
  if ('skipped' in ledger) return void doc.text(`Not compared: ${ledger.skipped}.`);
  const differing = ledger.lines.filter((l) => l.class !== 'equal');
  doc.text(
    `What each ledger moved from ${ledger.inStepFrom} to ${ledger.asOf}, ${ledger.lines.length} accounts: ` +
      (differing.length ? `${differing.length} differ.` : 'all agree.'),
  );
  doc.font('Helvetica').fontSize(9);
  const shown = [...differing, ...ledger.lines.filter((l) => l.class === 'equal')].slice(0, PDF_LEDGER_LINES);
  for (const l of shown) {
    const code = l.xeroCode ?? 'unmapped';
    doc.text(
      `${code} (X3 ${l.x3Accounts.join(', ') || '—'}): X3 ${l.x3Balance}, Xero ${l.xeroBalance}, difference ${l.difference} — ${l.class}`,
    );
  }
  if (ledger.lines.length > shown.length)
    doc.text(`… and ${ledger.lines.length - shown.length} more in the month-end pack's trial-balance.csv.`);
}

/** Reads what the report shows, then renders it; resolves with the PDF as a byte stream. */
export async function runReportPdf(tx: TenantTransactions, ref: RunRef): Promise<PDFKit.PDFDocument> {
  const run = await loadRun(tx, ref);
  const { name, listed, ledger } = await tx.runReadOnly(ref.tenantId, async (m) => {
    const integration = await m.findOne(Integration, { where: { id: ref.integrationId } });
    const byClass = new Map<string, ReconDifference[]>();
    for (const cls of DIFFERENCE_CLASSES) {
      if (!run.counts[cls]) continue;
      byClass.set(
        cls,
        await m.find(ReconDifference, {
          where: { runId: run.id, differenceClass: cls },
          order: { matchKey: 'ASC' },
          take: PDF_DIFFERENCES_PER_CLASS,
        }),
      );
    }
    return { name: integration?.name ?? 'Integration', listed: byClass, ledger: await ledgerOf(m, run.id) };
  });

  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Reconciliation ${name} as of ${run.asOf}` } });
  doc.font('Helvetica-Bold').fontSize(18).text('Reconciliation report');
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  doc.text(`Integration: ${name}`);
  doc.text(`As of: ${run.asOf}   State: ${run.state}`);
  doc.text(`Started: ${when(run.startedAt)}   Finished: ${when(run.finishedAt)}`);
  doc.text(`Generated: ${when(new Date())}`);
  if (run.failure) doc.fillColor('#b00020').text(`Failed: ${run.failure}`).fillColor('black');
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text('Summary');
  doc.font('Helvetica').fontSize(10);
  doc.text(`Records compared: ${run.counts.compared ?? 0}`);
  const total = DIFFERENCE_CLASSES.reduce((n, c) => n + (run.counts[c] ?? 0), 0);
  doc.text(total === 0 ? 'No differences: both ledgers agree.' : `Differences: ${total}`);
  for (const cls of DIFFERENCE_CLASSES) if (run.counts[cls]) doc.text(`  ${CLASS_TITLES[cls]}: ${run.counts[cls]}`);
  ledgerSection(doc, ledger);
  for (const [cls, differences] of listed) {
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text(`${CLASS_TITLES[cls]} (${run.counts[cls]})`);
    doc.font('Helvetica').fontSize(9);
    for (const d of differences) {
      doc.font('Helvetica-Bold').text(`${d.entity} ${d.matchKey} — ${d.state}`, { continued: false });
      doc.font('Helvetica').text(`Cause: ${d.likelyCause}`, { indent: 12 });
      doc.text(`Fix: ${d.fix.description}${d.fix.amount ? ` (${d.fix.amount})` : ''}`, { indent: 12 });
    }
    if ((run.counts[cls] ?? 0) > differences.length)
      doc.text(`… and ${run.counts[cls] - differences.length} more in the CSV export.`);
  }
  doc.end();
  return doc;
}
