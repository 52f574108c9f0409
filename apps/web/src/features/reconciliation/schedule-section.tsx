import { FormEvent, useState } from 'react';
import type { ReconScheduleInput, ReconScheduleView } from '../../api/types';
import { ErrorAlert, Loading, LiveStatus } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { SelectField } from '../../components/ui/field';
import { formatDateTime } from '../../lib/format';
import { useReconSchedule, useSaveSchedule } from './use-reconciliation';

const CADENCES: Array<{ value: ReconScheduleInput['cadence']; label: string }> = [
  { value: 'daily', label: 'Daily, as of the day before' },
  { value: 'weekly', label: 'Weekly on Mondays, as of Sunday' },
  { value: 'monthly', label: 'Monthly on the 1st, as of the month end' },
];
const HOURS = Array.from({ length: 24 }, (_, h) => ({
  value: String(h),
  label: `${String(h).padStart(2, '0')}:00 UTC`,
}));

const cadenceLabel = (c: string) => CADENCES.find((x) => x.value === c)?.label ?? c;

/** When the integration reconciles on its own. Viewers read it; owners and admins set or remove it. */
export function ScheduleSection({ integrationId, canEdit }: { integrationId: string; canEdit: boolean }) {
  const schedule = useReconSchedule(integrationId);
  const save = useSaveSchedule(integrationId);
  const [said, setSaid] = useState<string>();
  if (schedule.isPending) return <Loading what="the schedule" />;
  if (schedule.error) return <ErrorAlert error={schedule.error} title="The schedule could not be loaded" />;
  const current = schedule.data.schedule;
  return (
    <>
      <ScheduleFacts schedule={current} canEdit={canEdit} />
      {canEdit && (
        // keyed by what is saved: the form starts again from it after a save here or elsewhere
        <ScheduleForm
          key={current ? `${current.cadence}:${current.hourUtc}:${current.enabled}` : 'none'}
          current={current}
          save={save}
          onSaid={setSaid}
        />
      )}
      {canEdit && (
        <>
          <ErrorAlert error={save.error} title="The schedule was not changed" />
          <LiveStatus message={said} />
        </>
      )}
    </>
  );
}

function ScheduleFacts({ schedule, canEdit }: { schedule: ReconScheduleView | null; canEdit: boolean }) {
  if (!schedule)
    return (
      <p className="empty" data-testid="recon-schedule">
        {canEdit
          ? 'No schedule: this integration reconciles only when someone runs it. Set one below so each period is checked on its own.'
          : 'No schedule: this integration reconciles only when an owner or admin runs it.'}
      </p>
    );
  return (
    <dl className="facts" data-testid="recon-schedule">
      <dt>Runs</dt>
      <dd>
        {cadenceLabel(schedule.cadence)}, at {String(schedule.hourUtc).padStart(2, '0')}:00 UTC
        {!schedule.enabled && ' (paused)'}
      </dd>
      {schedule.enabled && (
        <>
          <dt>Next run</dt>
          <dd>{formatDateTime(schedule.nextRunAt)}</dd>
        </>
      )}
    </dl>
  );
}

function ScheduleForm({
  current,
  save,
  onSaid,
}: {
  current: ReconScheduleView | null;
  save: ReturnType<typeof useSaveSchedule>;
  onSaid: (message: string) => void;
}) {
  const [cadence, setCadence] = useState(current?.cadence ?? 'monthly');
  const [hour, setHour] = useState(String(current?.hourUtc ?? 2));
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { cadence, hourUtc: Number(hour), enabled },
      { onSuccess: () => onSaid(enabled ? 'Schedule saved.' : 'Schedule saved, paused.') },
    );
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Reconciliation schedule">
      <div className="field-row">
        <SelectField
          label="How often"
          value={cadence}
          options={CADENCES}
          onChange={(e) => setCadence(e.target.value as ReconScheduleInput['cadence'])}
        />
        <SelectField label="At" value={hour} options={HOURS} onChange={(e) => setHour(e.target.value)} />
      </div>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Switched on
      </label>
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.isPending && save.variables !== null}>
          Save schedule
        </Button>
        {current && (
          <Button
            busy={save.isPending && save.variables === null}
            onClick={() => save.mutate(null, { onSuccess: () => onSaid('Schedule removed: runs are on demand only.') })}
          >
            Remove schedule
          </Button>
        )}
      </div>
    </form>
  );
}
