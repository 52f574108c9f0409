import { Doc } from '../db/stripe-store';
import { date, escapeHtml, money, page, str } from './html';

export interface PortalView {
  customer: Doc;
  subscription?: Doc;
  invoices: Doc[];
  plans: Doc[];
  card: { brand: string; last4: string } | null;
}

function planName(price: Doc): string {
  return escapeHtml(str(price.nickname) || str(price.lookup_key) || str(price.id));
}

export function portalPage(session: Doc, view: PortalView, opts: { error?: string; notice?: string } = {}): string {
  const sub = view.subscription;
  const item = sub ? (sub.items as { data: Doc[] }).data[0] : undefined;
  const price = item?.price as Doc | undefined;
  const action = (path: string) => `/stripe/portal/${escapeHtml(session.id)}/${path}`;
  const current = sub
    ? `<p>Plan: <strong>${planName(price!)}</strong> — ${money(price!.unit_amount, price!.currency)} / ${escapeHtml(str((price!.recurring as { interval: string }).interval))}</p>
<p>Status: ${escapeHtml(str(sub.status))}${sub.cancel_at_period_end ? `, ends on ${date(sub.cancel_at)}` : sub.status === 'canceled' ? '' : `, renews on ${date(item!.current_period_end)}`}</p>`
    : '<p>No subscription.</p>';
  const active = sub && sub.status !== 'canceled';
  const planForm =
    active && view.plans.length
      ? `<form method="post" action="${action('plan')}"><label for="price">New plan</label><select id="price" name="price">${view.plans
          .map(
            (p) =>
              `<option value="${escapeHtml(p.id)}"${p.id === price?.id ? ' selected' : ''}>${planName(p)} — ${money(p.unit_amount, p.currency)}</option>`,
          )
          .join('')}</select><button type="submit">Change plan</button></form>`
      : '';
  const cancelForm = active
    ? `<form method="post" action="${action(sub.cancel_at_period_end ? 'renew' : 'cancel')}"><button type="submit">${sub.cancel_at_period_end ? 'Renew plan' : 'Cancel plan'}</button></form>`
    : '';
  const rows = view.invoices
    .map(
      (i) =>
        `<tr><td>${escapeHtml(str(i.number))}</td><td>${date(i.created)}</td><td>${money(i.total, i.currency)}</td><td>${escapeHtml(str(i.status))}</td></tr>`,
    )
    .join('');
  return page(
    'Billing',
    `<h1>Billing for ${escapeHtml(str(view.customer.name) || str(view.customer.email) || str(view.customer.id))}</h1>
${opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : ''}${opts.notice ? `<p class="notice" role="status">${escapeHtml(opts.notice)}</p>` : ''}
<section aria-labelledby="plan"><h2 id="plan">Current plan</h2>${current}${planForm}${cancelForm}</section>
<section aria-labelledby="payment"><h2 id="payment">Payment method</h2><p>${view.card ? `${escapeHtml(view.card.brand)} ending ${escapeHtml(view.card.last4)}` : 'No card on file.'}</p>
<form method="post" action="${action('card')}"><label for="card_number">New card number</label><input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required><button type="submit">Update card</button></form></section>
<section aria-labelledby="history"><h2 id="history">Invoices</h2>${rows ? `<table><thead><tr><th scope="col">Number</th><th scope="col">Date</th><th scope="col">Total</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No invoices yet.</p>'}</section>
${session.return_url ? `<p><a href="${escapeHtml(str(session.return_url))}">Return</a></p>` : ''}`,
  );
}
