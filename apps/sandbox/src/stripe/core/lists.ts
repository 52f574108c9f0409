import { Params, optInt, optString } from './params';
import { invalid } from './stripe-errors';
import { ListPage, ListQuery } from '../db/stripe-store';

/** limit (1–100, default 10), starting_after, ending_before: Stripe's cursor pagination. */
export function pageParams(p: Params): Pick<ListQuery, 'limit' | 'startingAfter' | 'endingBefore'> {
  const limit = optInt(p, 'limit', 1, 100) ?? 10;
  const startingAfter = optString(p, 'starting_after');
  const endingBefore = optString(p, 'ending_before');
  if (startingAfter && endingBefore)
    throw invalid('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
  return { limit, startingAfter, endingBefore };
}

export function listOf(url: string, page: ListPage): Record<string, unknown> {
  return { object: 'list', data: page.data, has_more: page.has_more, url };
}
