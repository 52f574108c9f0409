import { EntityDesc } from './descriptor';
import { MASTER_DATA_ENTITIES } from './master-data-entities';
import { SALES_ENTITIES, PURCHASING_ENTITIES } from './document-entities';
import { FINANCE_ENTITIES } from './finance-entities';
import { ANALYTIC_ENTITIES } from './analytics';

export const ENTITIES: EntityDesc[] = [
  ...MASTER_DATA_ENTITIES,
  ...SALES_ENTITIES,
  ...PURCHASING_ENTITIES,
  ...FINANCE_ENTITIES,
  ...ANALYTIC_ENTITIES,
];

const byName = new Map(ENTITIES.map((e) => [e.name, e]));

export function entityByName(name: string): EntityDesc {
  const found = byName.get(name);
  if (!found) throw new Error(`Unknown X3 node ${name}`);
  return found;
}

export function findEntity(name: string): EntityDesc | undefined {
  return byName.get(name);
}

/** Group names as exposed at the root; the webportal's older samples use the xtremX3 prefix. */
export const GROUPS = ['x3MasterData', 'x3Sales', 'x3Purchasing', 'x3Stock', 'x3FinanceData'];
export const GROUP_ALIASES: Record<string, string> = {
  xtremX3MasterData: 'x3MasterData',
  xtremX3Sales: 'x3Sales',
  xtremX3Purchasing: 'x3Purchasing',
  xtremX3Stock: 'x3Stock',
  xtremX3FinanceData: 'x3FinanceData',
};
