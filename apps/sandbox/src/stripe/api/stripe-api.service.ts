import { Injectable } from '@nestjs/common';
import { expand } from '../core/expand';
import { listOf, pageParams } from '../core/lists';
import { Params } from '../core/params';
import { Doc, ListQuery, StripeAccount, StripeSession, StripeStore } from '../db/stripe-store';

/** Runs one API call in the account's transaction and renders the result with `expand[]` applied. */
@Injectable()
export class StripeApi {
  constructor(private readonly store: StripeStore) {}

  one(account: StripeAccount, p: Params, work: (s: StripeSession) => Promise<Doc>): Promise<unknown> {
    return this.store.tx(account, async (s) => expand(s, await work(s), p));
  }

  list(
    account: StripeAccount,
    p: Params,
    object: string,
    url: string,
    filter: (s: StripeSession) => Promise<Omit<ListQuery, 'limit'>> | Omit<ListQuery, 'limit'> = () => ({}),
  ): Promise<unknown> {
    return this.store.tx(account, async (s) => {
      const page = await s.list(object, { ...(await filter(s)), ...pageParams(p) });
      const expanded = await expand(s, listOf(url, page), p);
      return expanded;
    });
  }
}
