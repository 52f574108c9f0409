import { GraphQLScalarType, Kind, ValueNode } from 'graphql';
import Decimal from 'decimal.js';
import { isIsoDate, isIsoDatetime } from '../query/iso-values';
import { dataInputError } from './x3-errors';

const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** What X3 stores (numeric(28,8) here): refusing more beats rounding or overflowing silently. */
const MAX_DECIMAL_PLACES = 8;
const MAX_INTEGER_DIGITS = 20;

function literalText(ast: ValueNode): string | undefined {
  if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value;
  return undefined;
}

function decimalInput(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  const refuse = (why: string): never => {
    throw dataInputError(`Decimal cannot represent value: ${JSON.stringify(value)}${why}`);
  };
  if (typeof text !== 'string' || !NUMERIC.test(text)) return refuse('');
  const decimal = new Decimal(text);
  if (decimal.decimalPlaces() > MAX_DECIMAL_PLACES) refuse(`: at most ${MAX_DECIMAL_PLACES} decimal places`);
  if (decimal.abs().trunc().toFixed().length > MAX_INTEGER_DIGITS)
    refuse(`: at most ${MAX_INTEGER_DIGITS} digits before the decimal point`);
  return decimal.toFixed();
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
    throw dataInputError(`Integer cannot represent value: ${JSON.stringify(value)}`);
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
  if (typeof value !== 'string' || !isIsoDate(value))
    throw dataInputError(`Date cannot represent value: ${JSON.stringify(value)}`);
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
    if (typeof value !== 'string' || !isIsoDatetime(value)) throw dataInputError('Datetime expects an ISO string');
    return value;
  },
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? ast.value : undefined),
});

function idInput(value: unknown): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  throw dataInputError(`Id cannot represent value: ${JSON.stringify(value)}`);
}

/** X3 natural keys (POFR0110113, AE003): the `Id` scalar of the xtrem schema. */
export const IdScalar = new GraphQLScalarType({
  name: 'Id',
  serialize: (value) => String(value),
  parseValue: idInput,
  parseLiteral: (ast) => idInput(literalText(ast)),
});
