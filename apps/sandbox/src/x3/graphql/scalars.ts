import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import Decimal from 'decimal.js';

const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function literalText(ast: ValueNode): string | undefined {
  if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value;
  return undefined;
}

function decimalInput(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !NUMERIC.test(text))
    throw new GraphQLError(`Decimal cannot represent value: ${JSON.stringify(value)}`);
  return new Decimal(text).toFixed();
}

/** Exact decimals travel as strings ("22.0" in Sage's own mutation sample); numbers are accepted on input. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'Exact decimal number, serialized as a string',
  serialize: (value) => new Decimal(String(value)).toFixed(),
  parseValue: decimalInput,
  parseLiteral: (ast) => decimalInput(literalText(ast)),
});

function integerInput(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw new GraphQLError(`Integer cannot represent value: ${JSON.stringify(value)}`);
  return n;
}

/** Input integers: X3 accepts "1000" as well as 1000 (the webportal sends line numbers as strings). */
export const IntegerScalar = new GraphQLScalarType({
  name: 'Integer',
  serialize: (value) => Number(value),
  parseValue: integerInput,
  parseLiteral: (ast) => integerInput(literalText(ast)),
});

function dateInput(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError(`Date cannot represent value: ${JSON.stringify(value)}`);
  }
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (value) => value,
  parseValue: dateInput,
  parseLiteral: (ast) => dateInput(literalText(ast)),
});

export const DatetimeScalar = new GraphQLScalarType({
  name: 'Datetime',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
      throw new GraphQLError('Datetime expects an ISO string');
    return value;
  },
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? ast.value : undefined),
});

function idInput(value: unknown): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  throw new GraphQLError(`Id cannot represent value: ${JSON.stringify(value)}`);
}

/** X3 natural keys (POFR0110113, AE003): the `Id` scalar of the xtrem schema. */
export const IdScalar = new GraphQLScalarType({
  name: 'Id',
  serialize: (value) => String(value),
  parseValue: idInput,
  parseLiteral: (ast) => idInput(literalText(ast)),
});
