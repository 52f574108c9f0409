import { GraphQLError } from 'graphql';

// X3's GraphQL (the xtrem platform) reports a refused request as an `errors[]` entry whose
// extensions carry a code and X3 "diagnoses" (severity 3 = error, as in SOAP messages), e.g.
// { code: 'data-input-error', diagnoses: [{ severity: 3, message, path: [] }] }
// (dev.sage sdmo guides, "Mutation: Record creation"; see docs/connectors/sage-x3.md).

export type XtremErrorCode = 'data-input-error' | 'business-rule-error';

const SEVERITY_ERROR = 3;

/** Our own older codes, so every refusal leaves with X3's code whatever raised it. */
const CODE_ALIASES: Record<string, XtremErrorCode> = {
  BAD_USER_INPUT: 'data-input-error',
  BUSINESS_RULE_ERROR: 'business-rule-error',
  'data-input-error': 'data-input-error',
  'business-rule-error': 'business-rule-error',
};

function xtremExtensions(code: XtremErrorCode, message: string) {
  return { code, diagnoses: [{ severity: SEVERITY_ERROR, message, path: [] as string[] }] };
}

/** An argument or input value X3 refuses (bad filter, decimal out of range...). */
export function dataInputError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: xtremExtensions('data-input-error', message) });
}

/**
 * The wire form of one error: known refusals get X3's code and a diagnosis carrying the final
 * message (graphql-js prefixes variable errors, e.g. 'Variable "$x" got invalid value ...').
 * Yoga's own `http` extension (status hints) is kept; it never reaches the wire.
 */
export function toXtremError(error: GraphQLError): GraphQLError {
  const code = CODE_ALIASES[String(error.extensions.code)];
  if (!code) return error;
  const http = error.extensions.http === undefined ? {} : { http: error.extensions.http };
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...xtremExtensions(code, error.message), ...http },
  });
}
