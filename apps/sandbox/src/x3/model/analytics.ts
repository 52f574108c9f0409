import { PropDesc, entity, p } from './descriptor';

/**
 * Analytic dimensions as X3 keeps them: the folder defines dimension types (DIE, "Dimension types",
 * GESDIE) at positions of its accounting model, and each type has its dimensions (CCE, table CACCE).
 * Document and journal lines carry the type and the value per position: DIE(0..n) and CCE(0..n).
 * The sandbox offers the first four positions.
 */
export const DIMENSION_POSITIONS = [1, 2, 3, 4] as const;

/** DIE(n) is filled by X3 from the folder's setup (read-only); CCE(n) is entered or defaulted. */
export function lineDimensionProps(): PropDesc[] {
  return DIMENSION_POSITIONS.flatMap((n) => [
    p.str(`dimensionType${n}`, `Dimension type ${n}`, `DIE(${n - 1})`, { writable: false }),
    p.str(`analyticalDimension${n}`, `Dimension ${n}`, `CCE(${n - 1})`),
  ]);
}

export const ANALYTIC_ENTITIES = [
  entity({
    name: 'dimensionType',
    typeName: 'DimensionType',
    group: 'x3FinanceData',
    keyCode: 'DIE',
    props: [
      p.str('code', 'Dimension type', 'DIE', { required: true }),
      p.str('description', 'Description', 'DESTRA'),
      p.int('position', 'Position in the accounting model', 'DIE index'),
    ],
  }),
  entity({
    name: 'dimension',
    typeName: 'Dimension',
    group: 'x3FinanceData',
    keyCode: 'DIE~CCE',
    props: [
      p.ref('dimensionType', 'Dimension type', 'DIE', 'dimensionType', { required: true }),
      p.str('code', 'Dimension', 'CCE', { required: true }),
      p.str('description', 'Description', 'DES'),
      p.bool('isActive', 'Active', 'ENAFLG', { defaultValue: 'true' }),
    ],
  }),
];
