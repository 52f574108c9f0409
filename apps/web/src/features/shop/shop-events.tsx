import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ShopConnectionView, ShopEventView } from '../../api/types';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { apiGet, apiSend } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import { useMember } from '../session/use-session';

const enc = encodeURIComponent;
const TOPIC_LABEL: Record<ShopEventView['topic'], string> = {
  'orders/create': 'order placed',
  'orders/paid': 'order paid',
  'orders/cancelled': 'order cancelled',
};

interface OrderRow {
  shopOrderId: string;
  x3Order: string | null;
  events: number;
  latest: ShopEventView;
}

/** One row per shop order, however many deliveries and topics it came with (events are newest first). */
export function ordersOf(events: ShopEventView[]): OrderRow[] {
  const rows = new Map<string, OrderRow>();
  for (const e of events) {
    const row = rows.get(e.shopOrderId);
    if (row) row.events += 1;
    else rows.set(e.shopOrderId, { shopOrderId: e.shopOrderId, x3Order: e.x3Order, events: 1, latest: e });
  }
  return [...rows.values()];
}

/** A shop connection's orders (what each became in X3) and its webhook events; admins replay a dead one. */
export function ShopEvents({
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
  const key = ['tenant', tenant.id, 'shop-events', connection.id];
  const events = useQuery({
    queryKey: key,
    queryFn: () => apiGet<ShopEventView[]>(path),
    // while the worker has something in hand, look again sooner
    refetchInterval: (q) => (q.state.data?.some((e) => e.state === 'received') ? 3_000 : 10_000),
  });
  const replay = useMutation({
    mutationFn: (id: string) => apiSend('POST', `${path}/${enc(id)}/replay`),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  if (events.isPending) return <Loading what="shop events" />;
  if (events.error) return <ErrorAlert error={events.error} />;
  return (
    <>
      <Table
        caption={`Orders from ${connection.name}`}
        rows={ordersOf(events.data)}
        rowKey={(o) => o.shopOrderId}
        rowTestId={(o) => `shop-order-${o.shopOrderId}`}
        empty="No orders received yet. They appear here once your shop sends its first order webhook."
        columns={[
          { header: 'Shop order', cell: (o) => <code>{o.shopOrderId}</code> },
          {
            header: 'X3 sales order',
            cell: (o) => (o.x3Order ? <code data-testid="x3-order">{o.x3Order}</code> : 'not in X3 yet'),
          },
          { header: 'Last event', cell: (o) => `${TOPIC_LABEL[o.latest.topic]}: ${o.latest.state}` },
          { header: 'Deliveries', cell: (o) => o.events },
        ]}
      />
      <ErrorAlert error={replay.error} title="Not replayed" />
      <Table
        caption={`Events of ${connection.name}`}
        rows={events.data}
        rowKey={(e) => e.id}
        rowTestId={(e) => `shop-event-${e.shopOrderId}-${e.topic}`}
        empty="No webhook received yet. Check the shop's webhook settings send to this connection's webhook address (shown with the connection)."
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
