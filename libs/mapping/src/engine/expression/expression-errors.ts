// Errors of the expression layer: refused before it runs (with the position in the text), or
// stopped while it runs because it crossed a limit.

/** The expression is not accepted: a syntax error or a construct we refuse. */
export class ExpressionRefusedError extends Error {
  override readonly name = 'ExpressionRefusedError';
  constructor(
    readonly reason: string,
    /** Character offset in the expression text where the problem was found (JSONata's own). */
    readonly position: number,
    readonly token?: string,
  ) {
    super(`${reason} (at position ${position}${token !== undefined ? `, near '${token}'` : ''})`);
  }
}

/** A limit stopped the evaluation: time, depth, size of output, or a forbidden result type. */
export class ExpressionLimitError extends Error {
  override readonly name = 'ExpressionLimitError';
  constructor(
    readonly limit: 'time' | 'depth' | 'size' | 'type' | 'forbidden',
    readonly detail: string,
  ) {
    super(`expression stopped (${limit} limit): ${detail}`);
  }
}
