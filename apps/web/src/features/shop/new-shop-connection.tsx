import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import type { CreatedShopConnection, CreateShopConnectionInput } from '../../api/types';
import { ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { TextField } from '../../components/ui/field';
import { apiSend } from '../../lib/api-client';
import { useMember } from '../session/use-session';

const enc = encodeURIComponent;

/** The admins' form: a shop connection of the integration; its secret comes back once, to onCreated. */
export function NewShopConnection({
  integrationId,
  onCreated,
}: {
  integrationId: string;
  onCreated: (c: CreatedShopConnection) => void;
}) {
  const { tenant } = useMember();
  const client = useQueryClient();
  const [form, setForm] = useState({
    name: 'Online shop',
    salesSite: '',
    xeroPaymentAccount: '',
    currency: '',
    taxRule: '',
    paymentTerm: '',
  });
  const create = useMutation({
    mutationFn: (input: CreateShopConnectionInput) =>
      apiSend<CreatedShopConnection>('POST', `/api/integrations/${enc(integrationId)}/shop-connections`, input),
    onSuccess: async (c) => {
      onCreated(c);
      await client.invalidateQueries({ queryKey: ['tenant', tenant.id, 'shop-connections', integrationId] });
    },
  });
  const field = (k: keyof typeof form, label: string, hint?: string) => (
    <TextField
      label={label}
      hint={hint}
      value={form[k]}
      required
      onChange={(e) => setForm({ ...form, [k]: e.target.value })}
    />
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { currency, taxRule, paymentTerm, ...rest } = form;
    create.mutate({ ...rest, customerDefaults: { currency, taxRule, paymentTerm } });
  };
  return (
    <form aria-label="Connect an online shop" onSubmit={submit}>
      {field('name', 'Name')}
      {field('salesSite', 'X3 sales site', 'Where the shop’s X3 sales orders are entered, e.g. NZ011')}
      {field('xeroPaymentAccount', 'Xero account the shop’s payments go to', 'Its Code, e.g. 090')}
      {field('currency', 'Currency of a new X3 customer', 'e.g. NZD')}
      {field('taxRule', 'Tax rule of a new X3 customer', 'e.g. NZL')}
      {field('paymentTerm', 'Payment term of a new X3 customer')}
      <Button type="submit" variant="primary" busy={create.isPending}>
        Connect the shop
      </Button>
      <ErrorAlert error={create.error} title="The shop was not connected" />
    </form>
  );
}
