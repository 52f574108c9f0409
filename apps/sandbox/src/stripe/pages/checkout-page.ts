import { Doc } from '../db/stripe-store';
import { COUNTRIES, escapeHtml, money, page, str } from './html';

export interface CheckoutForm {
  email?: string;
  name?: string;
  country?: string;
  taxId?: string;
}

function priceLine(item: Doc): string {
  const price = item.price as Doc;
  const rec = price.recurring as { interval: string } | null;
  const qty = Number(item.quantity) > 1 ? `${str(item.quantity)} × ` : '';
  return `${qty}${escapeHtml(str(price.nickname) || str(price.id))} — ${money(price.unit_amount, price.currency)} / ${escapeHtml(rec?.interval ?? 'month')}`;
}

export function checkoutPage(session: Doc, opts: { error?: string; form?: CheckoutForm } = {}): string {
  const form = opts.form ?? {};
  const lines = (session._line_items as { data: Doc[] }).data;
  const trialDays = (session._subscription_data as { trial_period_days: number | null }).trial_period_days;
  if (session.status !== 'open') {
    const done = session.status === 'complete';
    return page(
      'Checkout',
      `<h1>${done ? 'This checkout is complete' : 'This checkout has expired'}</h1>
${done && session.success_url ? `<p><a href="${escapeHtml(str(session.success_url).replaceAll('{CHECKOUT_SESSION_ID}', session.id))}">Continue</a></p>` : ''}`,
    );
  }
  const cardOptional = Boolean(trialDays) && session.payment_method_collection === 'if_required';
  const taxIds = (session.tax_id_collection as { enabled?: boolean }).enabled === true;
  const country = form.country ?? 'GB';
  return page(
    'Checkout',
    `<h1>Subscribe</h1>
<section aria-labelledby="summary"><h2 id="summary">Your plan</h2><ul>${lines.map((l) => `<li>${priceLine(l)}</li>`).join('')}</ul>
${trialDays ? `<p>${trialDays}-day free trial: nothing is charged today.</p>` : `<p>Due today: ${money(session.amount_subtotal, session.currency)} plus tax where it applies.</p>`}</section>
${opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : ''}
<form method="post" action="/stripe/checkout/${escapeHtml(session.id)}">
${session.customer ? '' : `<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(form.email ?? str(session.customer_email))}">`}
<label for="name">Name on card</label><input id="name" name="name" autocomplete="cc-name" value="${escapeHtml(form.name ?? '')}">
<label for="card_number">Card number</label><input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number"${cardOptional ? '' : ' required'} aria-describedby="cards">
<p id="cards" class="note">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0341 is accepted but later charges fail; 4000 0000 0000 0002 is declined.${cardOptional ? ' A card is optional during the trial.' : ''}</p>
<label for="country">Country</label><select id="country" name="country" autocomplete="country">${COUNTRIES.map(([code, name]) => `<option value="${code}"${code === country ? ' selected' : ''}>${escapeHtml(name)}</option>`).join('')}</select>
${taxIds ? `<label for="tax_id">VAT or GST number (optional)</label><input id="tax_id" name="tax_id" value="${escapeHtml(form.taxId ?? '')}">` : ''}
<button type="submit">Pay</button></form>
${session.cancel_url ? `<p><a href="${escapeHtml(str(session.cancel_url))}">Cancel and go back</a></p>` : ''}`,
  );
}
