import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import type {
  CreatedShopConnection,
  CreateShopConnectionInput,
  ShopConnectionView,
  ShopEventView,
} from '../../api/types';
import { Alert, ErrorAlert, Loading, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { TextField } from '../../components/ui/field';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { apiGet, apiSend } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import { WithIntegration } from '../integrations/integration-picker';
import { useMember } from '../session/use-session';

const enc = encodeURIComponent;

function ShopEvents({
  integrationId,
  connection,
  canEdit,
}: {
  integrationId: string;
  connection: ShopConnectionView;
  canEdit: boolean;
}) {
  const { tenant } = useMember();
  const client = useQueryClient();
  const path = `/api/integrations/${enc(integrationId)}/shop-connections/${enc(connection.id)}/events`;
  const events = useQuery({
    queryKey: ['tenant', tenant.id, 'shop-events', connection.id],
    queryFn: () => apiGet<ShopEventView[]>(path),
    refetchInterval: 10_000,
  });
  const replay = useMutation({
    mutationFn: (id: string) => apiSend('POST', `${path}/${enc(id)}/replay`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tenant', tenant.id, 'shop-events', connection.id] }),
  });
  if (events.isPending) return <Loading what="shop events" />;
  if (events.error) return <ErrorAlert error={events.error} />;
  return (
    <>
      <ErrorAlert error={replay.error} title="Not replayed" />
      <Table
        caption={`Events of ${connection.name}`}
        rows={events.data}
        rowKey={(e) => e.id}
        rowTestId={(e) => `shop-event-${e.shopOrderId}-${e.topic}`}
        empty="No orders received yet."
        columns={[
          { header: 'Order', cell: (e) => <code>{e.shopOrderId}</code> },
          { header: 'Event', cell: (e) => e.topic },
          { header: 'State', cell: (e) => <StatusBadge status={e.state} /> },
          { header: 'Detail', cell: (e) => e.waitingOn ?? e.detail ?? '' },
          { header: 'Received', cell: (e) => formatDateTime(e.receivedAt) },
          ...(canEdit
            ? [
                {
                  header: 'Actions',
                  hideHeader: true,
                  cell: (e: ShopEventView) =>
                    e.state === 'dead' ? (
                      <Button
                        variant="link"
                        onClick={() => replay.mutate(e.id)}
                        aria-label={`Replay ${e.topic} of ${e.shopOrderId}`}
                      >
                        Replay
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

function NewShopConnection({
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

/** An online shop's orders into X3 and its payments into Xero: connections, their secret (once), their events. */
export function ShopPage() {
  const { canEdit } = useMember();
  return (
    <Page
      title="Online shop"
      lead="Orders placed in your shop become X3 sales orders; the shop's payments settle their Xero invoices."
    >
      {!canEdit ? (
        <ReadOnlyNote />
      ) : (
        <WithIntegration>{(id) => <IntegrationShops integrationId={id} />}</WithIntegration>
      )}
    </Page>
  );
}

function IntegrationShops({ integrationId }: { integrationId: string }) {
  const { tenant } = useMember();
  const [created, setCreated] = useState<CreatedShopConnection>();
  const connections = useQuery({
    queryKey: ['tenant', tenant.id, 'shop-connections', integrationId],
    queryFn: () => apiGet<ShopConnectionView[]>(`/api/integrations/${enc(integrationId)}/shop-connections`),
  });
  return (
    <>
      {created && (
        <Alert tone="success" title="The shop is connected">
          <p>
            In your shop's webhook settings, send <strong>Order creation</strong> and <strong>Order payment</strong> to{' '}
            <code data-testid="shop-webhook-url">{`${window.location.origin}${created.connection.webhookPath}`}</code>,
            signed with this secret — it is shown only now:
          </p>
          <p>
            <code data-testid="shop-secret">{created.secret}</code>
          </p>
        </Alert>
      )}
      <Section title="Shops" id="shops-heading">
        {connections.isPending && <Loading what="shops" />}
        <ErrorAlert error={connections.error} title="Shops could not be loaded" />
        {connections.data?.length === 0 && <p className="empty">No shop connected yet.</p>}
        {connections.data?.map((c) => (
          <div key={c.id} className="card nested">
            <h3>{c.name}</h3>
            <p>
              Site {c.salesSite} · payments to Xero {c.xeroPaymentAccount} · webhook <code>{c.webhookPath}</code>
            </p>
            <ShopEvents integrationId={integrationId} connection={c} canEdit />
          </div>
        ))}
      </Section>
      <Section title="Connect a shop" id="new-shop-heading">
        <NewShopConnection integrationId={integrationId} onCreated={setCreated} />
      </Section>
    </>
  );
}
