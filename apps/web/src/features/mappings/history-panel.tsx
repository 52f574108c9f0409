import { useState } from 'react';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { shown } from './mapping-draft';
import { MappingKey, useMappingVersions, useRollBack, useVersionDiff } from './use-mappings';

/** Every version, the changes between a chosen one and the active one, and a roll-back (a new version). */
export function HistoryPanel({
  mappingKey,
  active,
  readOnly,
  onRolledBack,
}: {
  mappingKey: MappingKey;
  active: number;
  readOnly: boolean;
  onRolledBack: (version: number) => void;
}) {
  const versions = useMappingVersions(mappingKey);
  const [compare, setCompare] = useState<number>();
  const diff = useVersionDiff(mappingKey, compare, active);
  const rollBack = useRollBack(mappingKey);
  const [confirming, setConfirming] = useState<number>();
  if (versions.isPending) return <Loading what="versions" />;
  if (versions.error) return <ErrorAlert error={versions.error} title="Versions could not be loaded" />;
  return (
    <>
      <Table
        caption="Versions"
        rows={versions.data}
        rowKey={(v) => String(v.version)}
        rowTestId={(v) => `version-${v.version}`}
        empty="No versions yet. Save the mapping to start its history."
        columns={[
          {
            header: 'Version',
            cell: (v) => (
              <strong>
                v{v.version}
                {v.active ? ' (active)' : ''}
              </strong>
            ),
          },
          { header: 'Saved', cell: (v) => formatDateTime(v.createdAt) },
          {
            header: 'Comment',
            cell: (v) => v.comment ?? (v.copiedFromVersion ? `Copy of v${v.copiedFromVersion}` : ''),
          },
          {
            header: 'Actions',
            hideHeader: true,
            cell: (v) =>
              v.active ? null : (
                <div className="button-row">
                  <Button
                    variant="link"
                    onClick={() => setCompare(v.version)}
                    aria-label={`Compare v${v.version} with the active version`}
                  >
                    Compare
                  </Button>
                  {!readOnly && (
                    <Button
                      variant="link"
                      onClick={() => setConfirming(v.version)}
                      aria-label={`Roll back to v${v.version}`}
                    >
                      Roll back
                    </Button>
                  )}
                </div>
              ),
          },
        ]}
      />
      {compare && (
        <div className="diff" data-testid="version-diff">
          <h3>
            Changes from v{compare} to v{active}
          </h3>
          {diff.isPending && <Loading what="the changes" />}
          <ErrorAlert error={diff.error} />
          {diff.data && diff.data.changes.length === 0 && <p className="empty">The two versions are the same.</p>}
          {diff.data && diff.data.changes.length > 0 && (
            <ul className="diff-list">
              {diff.data.changes.map((c) => (
                <li key={c.path} className={`diff-${c.kind}`}>
                  <code>{c.path}</code> {c.kind}: {shown(c.before)} → {shown(c.after)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming !== undefined}
        title={`Roll back to v${confirming ?? ''}?`}
        confirmLabel="Roll back"
        busy={rollBack.isPending}
        onConfirm={() =>
          confirming &&
          rollBack.mutate(confirming, {
            onSuccess: (saved) => (setConfirming(undefined), setCompare(undefined), onRolledBack(saved.version)),
          })
        }
        onCancel={() => setConfirming(undefined)}
      >
        <p>A new version is saved with v{confirming}'s document and becomes active; history keeps every version.</p>
        <ErrorAlert error={rollBack.error} />
      </ConfirmDialog>
    </>
  );
}
