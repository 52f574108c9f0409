// The tables of reconciliation (runs, differences, fixes): the product's entity list loads these.
export const RECONCILIATION_ENTITIES: Array<new () => object> = [];
