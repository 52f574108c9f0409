import { FormEvent, useState } from 'react';
import { ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { SelectField, TextField } from '../../components/ui/field';
import { ConnectionsView } from '../connections/use-connections';
import { useCreateIntegration } from './use-integrations';

/** Pairs one Xero organisation with one X3 folder and company. */
export function PairForm({
  connections,
  onSaved,
}: {
  connections: ConnectionsView;
  onSaved?: (i: { id: string; name: string }) => void;
}) {
  const xero = connections.xero.filter((c) => c.status === 'active');
  const x3 = connections.x3;
  // The lists change under the form (polling): a choice that is gone falls back to the first
  // option, derived on each render rather than copied into state by an effect.
  const [xeroChoice, setXeroId] = useState('');
  const [x3Choice, setX3Id] = useState('');
  const [companyChoice, setCompany] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useCreateIntegration();
  const chosenXero = xero.find((c) => c.id === xeroChoice) ?? xero[0];
  const chosenX3 = x3.find((c) => c.id === x3Choice) ?? x3[0];
  const xeroId = chosenXero?.id ?? '';
  const x3Id = chosenX3?.id ?? '';
  const companies = chosenX3?.companies ?? [];
  const company = companies.length > 0 && !companies.includes(companyChoice) ? companies[0] : companyChoice;
  const suggested =
    chosenXero && chosenX3 ? `${chosenXero.name} ↔ ${chosenX3.name}${company ? ` (${company})` : ''}` : '';

  if (xero.length === 0 || x3.length === 0) {
    return <p className="empty">Connect a Xero organisation and a Sage X3 folder first; then pair them here.</p>;
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!company.trim()) found.company = 'Choose the X3 company to sync with this Xero organisation';
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate(
      {
        name: (name.trim() || suggested).slice(0, 120),
        xeroConnectionId: xeroId,
        x3ConnectionId: x3Id,
        x3Company: company.trim(),
      },
      { onSuccess: (i) => (setName(''), onSaved?.(i)) },
    );
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Pair Xero with Sage X3">
      <SelectField
        label="Xero organisation"
        value={xeroId}
        onChange={(e) => setXeroId(e.target.value)}
        options={xero.map((c) => ({ value: c.id, label: c.name }))}
      />
      <SelectField
        label="Sage X3 folder"
        value={x3Id}
        onChange={(e) => setX3Id(e.target.value)}
        options={x3.map((c) => ({ value: c.id, label: `${c.name} (${c.folder})` }))}
      />
      {chosenX3 && chosenX3.companies.length > 0 ? (
        <SelectField
          label="X3 company"
          value={company}
          onChange={(e) => setCompany(e.target.value)}
          options={chosenX3.companies.map((c) => ({ value: c, label: c }))}
          hint="A Xero organisation has one base currency: pick the X3 company that keeps its books in it."
          error={errors.company}
        />
      ) : (
        <TextField
          label="X3 company"
          value={company}
          onChange={(e) => setCompany(e.target.value)}
          hint="The X3 company code, for example FR10."
          error={errors.company}
          required
        />
      )}
      <TextField
        label="Integration name"
        value={name}
        placeholder={suggested}
        onChange={(e) => setName(e.target.value)}
        hint="Optional; defaults to the two names."
      />
      <ErrorAlert error={create.error} title="They were not paired" />
      <div className="actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          Pair them
        </Button>
      </div>
    </form>
  );
}
