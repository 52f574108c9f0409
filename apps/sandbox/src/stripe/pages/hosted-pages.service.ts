import { Injectable } from '@nestjs/common';
import { StripeApiError } from '../core/stripe-errors';
import { Doc, StripeSession, StripeStore } from '../db/stripe-store';
import { completeCheckout, successRedirect } from '../domain/checkout';
import { portalCancel, portalChangePlan, portalUpdateCard, portalView } from '../domain/portal';
import { CheckoutForm, checkoutPage } from './checkout-page';
import { portalPage } from './portal-page';

export type PageResult = { status: number; html: string } | { redirect: string };

const NOT_FOUND: PageResult = {
  status: 404,
  html: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found | Stripe sandbox</title></head><body><main><h1>This page does not exist</h1></main></body></html>',
};

const NOTICES: Record<string, string> = {
  plan: 'Your plan has been changed.',
  card: 'Your card has been updated.',
  cancel: 'Your plan will end at the end of the current period.',
  renew: 'Your plan will renew.',
};

function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, 200) : '';
}

/** The hosted checkout and portal pages: reached by their unguessable session ids, no API key. */
@Injectable()
export class HostedPages {
  constructor(private readonly store: StripeStore) {}

  private async within(
    id: string,
    object: string,
    work: (s: StripeSession, doc: Doc) => Promise<PageResult>,
  ): Promise<PageResult> {
    const account = /^(cs_test|bps)_[A-Za-z0-9]+$/.test(id) ? await this.store.accountOf(id, object) : undefined;
    if (!account) return NOT_FOUND;
    return this.store.tx(account, async (s) => work(s, await s.get(id, object)));
  }

  checkout(id: string): Promise<PageResult> {
    return this.within(id, 'checkout.session', (_s, session) =>
      Promise.resolve({ status: 200, html: checkoutPage(session) }),
    );
  }

  async pay(id: string, body: unknown): Promise<PageResult> {
    const form: CheckoutForm = {
      email: field(body, 'email') || undefined,
      name: field(body, 'name') || undefined,
      country: field(body, 'country') || undefined,
      taxId: field(body, 'tax_id') || undefined,
    };
    try {
      return await this.within(id, 'checkout.session', async (s) => ({
        redirect: successRedirect(await completeCheckout(s, id, { ...form, cardNumber: field(body, 'card_number') })),
      }));
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      // The transaction rolled back; show the page again with the reason (a declined card, a closed session).
      return this.within(id, 'checkout.session', (_s, session) =>
        Promise.resolve({ status: error.status, html: checkoutPage(session, { error: error.message, form }) }),
      );
    }
  }

  portal(id: string, notice?: string): Promise<PageResult> {
    return this.within(id, 'billing_portal.session', async (s, session) => ({
      status: 200,
      html: portalPage(session, await portalView(s, session), { notice }),
    }));
  }

  async act(id: string, action: string, body: unknown): Promise<PageResult> {
    if (!Object.hasOwn(NOTICES, action)) return NOT_FOUND;
    try {
      return await this.within(id, 'billing_portal.session', async (s, session) => {
        if (action === 'plan') await portalChangePlan(s, session, field(body, 'price'));
        if (action === 'card') await portalUpdateCard(s, session, field(body, 'card_number'), null);
        if (action === 'cancel' || action === 'renew') await portalCancel(s, session, action === 'cancel');
        return { redirect: `/stripe/portal/${id}?notice=${action}` };
      });
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      return this.within(id, 'billing_portal.session', async (s, session) => ({
        status: error.status,
        html: portalPage(session, await portalView(s, session), { error: error.message }),
      }));
    }
  }

  noticeText(key: string | undefined): string | undefined {
    return key && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined;
  }
}
