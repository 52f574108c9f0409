import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { StripeApiError, invalid } from '../core/stripe-errors';
import { AccountSettings, StripeAccount, StripeStore } from '../db/stripe-store';
import { seedCatalog } from '../domain/catalog';
import { completeCheckout } from '../domain/checkout';
import { WebhookEndpoints } from '../webhooks/webhook-endpoints';

/** The control API's work: accounts (each seeded with the plan catalogue), switches, webhook driving. */
@Injectable()
export class StripeControl {
  constructor(
    private readonly store: StripeStore,
    private readonly endpoints: WebhookEndpoints,
  ) {}

  /** A fresh account; the seed account (configured key) is made once and keeps its data across restarts. */
  async createAccount(opts: { seedKey?: string; secretKey?: string } = {}): Promise<StripeAccount> {
    const { account, created } = await this.store.createAccount(opts);
    if (created) await this.store.tx(account, (s) => seedCatalog(s));
    return account;
  }

  /** The account whose control token is given as a Bearer token; 401 otherwise, the same for unknown ids. */
  async authorise(id: string, auth: string | undefined): Promise<StripeAccount> {
    const account = await this.store.account(id);
    const given = Buffer.from(auth?.startsWith('Bearer ') ? auth.slice(7) : '');
    const expected = Buffer.from(account?.control_token ?? '\0');
    if (!account || given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new StripeApiError(
        401,
        'invalid_request_error',
        'A valid control token for this sandbox account is required.',
      );
    return account;
  }

  async setSettings(account: StripeAccount, body: Record<string, unknown>): Promise<AccountSettings> {
    const patch: AccountSettings = {};
    if ('webhooksPaused' in body) {
      if (typeof body.webhooksPaused !== 'boolean')
        throw invalid('webhooksPaused must be true or false', 'webhooksPaused');
      patch.webhooksPaused = body.webhooksPaused;
    }
    if ('afterFailedRetries' in body) {
      if (!['canceled', 'unpaid', 'past_due'].includes(String(body.afterFailedRetries)))
        throw invalid('afterFailedRetries must be canceled, unpaid or past_due', 'afterFailedRetries');
      patch.afterFailedRetries = body.afterFailedRetries as AccountSettings['afterFailedRetries'];
    }
    return this.store.updateSettings(account.id, patch);
  }

  addEndpoint(account: StripeAccount, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const events = Array.isArray(body.events) ? body.events.map(String) : undefined;
    return this.endpoints.create(account, {
      url: typeof body.url === 'string' ? body.url : '',
      secret: typeof body.secret === 'string' ? body.secret : undefined,
      events,
    });
  }

  deliveries(account: StripeAccount, eventId?: string): Promise<unknown[]> {
    return this.endpoints.deliveries(account, eventId);
  }

  redeliver(account: StripeAccount, eventId: string, body: Record<string, unknown>): Promise<unknown[]> {
    const times = body.times === undefined ? 1 : Number(body.times);
    if (!Number.isInteger(times) || times < 1 || times > 10) throw invalid('times must be 1–10', 'times');
    return this.endpoints.redeliver(account, eventId, {
      endpointId: typeof body.endpointId === 'string' ? body.endpointId : undefined,
      times,
    });
  }

  deliver(account: StripeAccount, body: Record<string, unknown>): Promise<unknown[]> {
    const events = body.events;
    if (
      !Array.isArray(events) ||
      events.length === 0 ||
      events.length > 100 ||
      !events.every((e) => typeof e === 'string')
    )
      throw invalid('events must be a list of 1–100 event ids, in the order to send them', 'events');
    return this.endpoints.deliverInOrder(
      account,
      events,
      typeof body.endpointId === 'string' ? body.endpointId : undefined,
    );
  }

  async release(account: StripeAccount, body: Record<string, unknown>): Promise<{ released: number }> {
    const order = body.order ?? 'in_order';
    if (order !== 'in_order' && order !== 'reverse' && order !== 'shuffle')
      throw invalid('order must be in_order, reverse or shuffle', 'order');
    await this.store.updateSettings(account.id, { webhooksPaused: false });
    return { released: await this.endpoints.release(account, order) };
  }

  completeCheckout(account: StripeAccount, sessionId: string, body: Record<string, unknown>): Promise<unknown> {
    const str = (k: string) => (typeof body[k] === 'string' ? body[k] : undefined);
    return this.store.tx(account, (s) =>
      completeCheckout(s, sessionId, {
        cardNumber: str('cardNumber') ?? '',
        name: str('name'),
        email: str('email'),
        country: str('country'),
        taxId: str('taxId'),
      }),
    );
  }
}
