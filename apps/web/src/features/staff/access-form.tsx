import { FormEvent, useState } from 'react';
import { ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { SelectField, TextArea } from '../../components/ui/field';
import { Section } from '../../components/ui/page';
import { SupportTenant, useRequestGrant } from './use-staff';

const DURATIONS = [15, 30, 60, 120, 240];

/** Asked only when the staff member holds no live grant on the tenant: a reason and a time box. */
export function AccessForm({ tenant }: { tenant: SupportTenant }) {
  const request = useRequestGrant();
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('30');
  const [error, setError] = useState<string>();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < 10)
      return setError('Say why you need access (at least 10 characters), e.g. the ticket number and the problem');
    setError(undefined);
    request.mutate({ tenantId: tenant.id, reason: trimmed, minutes: Number(minutes) });
  };
  return (
    <Section
      title={`Request read-only access to ${tenant.name}`}
      id="access-heading"
      description="Your reason and the time are written to this customer's audit log, which they can read. The access lasts for the time you choose, across reloads and pages."
    >
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Request access">
        <TextArea
          label="Reason"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={error}
          required
          hint="At least 10 characters; 500 at most. Name the ticket."
          maxLength={500}
        />
        <SelectField
          label="Duration"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          options={DURATIONS.map((m) => ({
            value: String(m),
            label: m < 60 ? `${m} minutes` : `${m / 60} hour${m > 60 ? 's' : ''}`,
          }))}
        />
        <ErrorAlert error={request.error} title="Access was not granted" />
        <div className="actions">
          <Button type="submit" variant="primary" busy={request.isPending}>
            Open read-only access
          </Button>
        </div>
      </form>
    </Section>
  );
}
