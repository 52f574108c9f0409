import { FormEvent, useState } from 'react';
import type { BillingOverview } from '../../api/types';
import { Alert, ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Section, StatusBadge } from '../../components/ui/page';
import { planName } from './billing-labels';
import { useChooseActive } from './use-billing';

/** Where the pair stands now (the owner's ticks are what it will be once saved). */
function PairState({ paused }: { paused: boolean }) {
  return <StatusBadge status={paused ? 'paused' : 'active'} label={paused ? 'paused for billing' : 'syncing'} />;
}

/**
 * After a downgrade (more pairs than the plan allows) the owner picks which pairs keep syncing; the
 * others are paused for billing, never deleted. Everyone sees which pairs are paused.
 */
export function ActivePairsSection({ billing, isOwner }: { billing: BillingOverview; isOwner: boolean }) {
  const limit = billing.usage.integrationPairs.limit;
  const over = limit !== null && billing.integrations.length > limit;
  const choose = useChooseActive();
  const [picked, setPicked] = useState<string[]>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const chosen = picked ?? billing.integrations.filter((i) => !i.billingPaused).map((i) => i.id);
  if (!over && !billing.integrations.some((i) => i.billingPaused)) return null;
  const toggle = (id: string, on: boolean) => {
    setSaved(false);
    setPicked(on ? [...chosen, id] : chosen.filter((x) => x !== id));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (limit !== null && chosen.length > limit) return setError(`Pick at most ${limit}`);
    setError(undefined);
    choose.mutate(chosen, { onSuccess: () => (setPicked(undefined), setSaved(true)) });
  };
  return (
    <Section
      title="Active integration pairs"
      id="billing-active-pairs"
      description={
        over
          ? `The ${planName(billing.plan)} plan includes ${limit} integration pair${limit === 1 ? '' : 's'}; you have ${billing.integrations.length}. The others are paused, not deleted: their changes wait until you upgrade or pick them here.`
          : 'Sync is paused for billing; nothing is deleted and changes wait until billing is in order.'
      }
    >
      {isOwner && over ? (
        <form className="form" onSubmit={onSubmit} noValidate aria-label="Choose the active integration pairs">
          <fieldset className="radio-group" aria-describedby={error ? 'active-pairs-error' : undefined}>
            <legend>Keep syncing (at most {limit})</legend>
            {billing.integrations.map((i) => (
              <label key={i.id}>
                <input
                  type="checkbox"
                  checked={chosen.includes(i.id)}
                  onChange={(e) => toggle(i.id, e.target.checked)}
                />{' '}
                {i.name} <PairState paused={i.billingPaused} />
              </label>
            ))}
          </fieldset>
          {error && (
            <p className="field-error" id="active-pairs-error">
              {error}
            </p>
          )}
          <ErrorAlert error={choose.error} title="The choice was not saved" />
          {saved && <Alert tone="success">Saved: the pairs not picked are paused for billing.</Alert>}
          <div className="actions">
            <Button type="submit" variant="primary" busy={choose.isPending}>
              Save active pairs
            </Button>
          </div>
        </form>
      ) : (
        <ul className="compact-list">
          {billing.integrations.map((i) => (
            <li key={i.id}>
              {i.name} <PairState paused={i.billingPaused} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
