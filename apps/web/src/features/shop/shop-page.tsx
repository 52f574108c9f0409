import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CreatedShopConnection, ShopConnectionView } from '../../api/types';
import { Alert, ErrorAlert, Loading, ReadOnlyNote } from '../../components/ui/alert';
import { Page, Section } from '../../components/ui/page';
import { apiGet } from '../../lib/api-client';
import { WithIntegration } from '../integrations/integration-picker';
import { useMember } from '../session/use-session';
import { NewShopConnection } from './new-shop-connection';
import { ShopEvents } from './shop-events';

const enc = encodeURIComponent;

/**
 * An online shop's orders into X3 and its payments into Xero: every member sees the connections,
 * the orders and their events; admins connect a shop (its secret shown once) and replay a dead event.
 */
export function ShopPage() {
  const { canEdit } = useMember();
  return (
    <Page
      title="Online shop"
      lead="Orders placed in your shop become X3 sales orders; the shop's payments settle their Xero invoices."
    >
      {!canEdit && <ReadOnlyNote />}
      <WithIntegration>{(id) => <IntegrationShops integrationId={id} canEdit={canEdit} />}</WithIntegration>
    </Page>
  );
}

function IntegrationShops({ integrationId, canEdit }: { integrationId: string; canEdit: boolean }) {
  const { tenant } = useMember();
  const [created, setCreated] = useState<CreatedShopConnection>();
  const connections = useQuery({
    queryKey: ['tenant', tenant.id, 'shop-connections', integrationId],
    queryFn: () => apiGet<ShopConnectionView[]>(`/api/integrations/${enc(integrationId)}/shop-connections`),
  });
  const urlOf = (c: ShopConnectionView) => `${window.location.origin}${c.webhookPath}`;
  return (
    <>
      {created && (
        <Alert tone="success" title="The shop is connected">
          <p>
            In your shop's webhook settings, send <strong>Order creation</strong>, <strong>Order payment</strong> and{' '}
            <strong>Order cancellation</strong> to{' '}
            <code className="break" data-testid="shop-webhook-url">
              {urlOf(created.connection)}
            </code>
            , signed with this secret — it is shown only now:
          </p>
          <p>
            <code className="break" data-testid="shop-secret">
              {created.secret}
            </code>
          </p>
        </Alert>
      )}
      <Section title="Shops" id="shops-heading">
        {connections.isPending && <Loading what="shops" />}
        <ErrorAlert error={connections.error} title="Shops could not be loaded" />
        {connections.data?.length === 0 && <p className="empty">No shop connected yet.</p>}
        {connections.data?.map((c) => (
          <section key={c.id} className="card nested" aria-label={c.name} data-testid={`shop-${c.id}`}>
            <h3>{c.name}</h3>
            <p>
              Site {c.salesSite} · payments to Xero {c.xeroPaymentAccount} · webhook{' '}
              <code className="break">{urlOf(c)}</code>
            </p>
            <ShopEvents integrationId={integrationId} connection={c} canEdit={canEdit} />
          </section>
        ))}
      </Section>
      {canEdit && (
        <Section title="Connect a shop" id="new-shop-heading">
          <NewShopConnection integrationId={integrationId} onCreated={setCreated} />
        </Section>
      )}
    </>
  );
}
