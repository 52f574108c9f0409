// Xero addresses have no code, so the xero-to-x3 adapter numbers them (A1, A2 …). Written as they
// are over an existing X3 partner, those codes would replace X3's own (MAIN → A1) on every echo
// and make a record nobody edited differ from its last snapshot. Pure.
type Row = Record<string, unknown>;

/** X3 answers a collection as an array or, through GraphQL, as { query: { edges: [{ node }] } }. */
function rowsOf(value: unknown): Row[] {
  if (Array.isArray(value)) return value as Row[];
  const edges = (value as { query?: { edges?: Array<{ node: Row }> } } | undefined)?.query?.edges;
  return edges ? edges.map((e) => e.node) : [];
}
const codeOf = (row: Row): string | undefined => (typeof row.code === 'string' && row.code ? row.code : undefined);

/**
 * The X3 record with its addresses where the payload has them: the transport answers a partner's
 * address collection (its lines node, BPADDRESS) as `lines`, the mutation takes it as `addresses`.
 * Compared as `addresses` without this, X3 seemed to hold no address: every Xero change (an echo
 * too) wrote the addresses again.
 */
export function withX3Addresses<T extends Row>(current: T | undefined): Row | undefined {
  if (!current || current.addresses !== undefined || !Array.isArray(current.lines)) return current;
  const { lines, ...rest } = current;
  return { ...rest, addresses: lines };
}

/**
 * The payload with each address code X3 does not know replaced by the code of the X3 address in
 * the same role: the default address takes X3's default, the others X3's other codes in order.
 * Codes X3 already holds, and payloads without addresses, pass through unchanged.
 */
export function keepX3AddressCodes(payload: Row, current: Row | undefined): Row {
  const sent = rowsOf(payload.addresses);
  if (!current || !sent.length) return payload;
  const held = rowsOf(current.addresses);
  const heldCodes = held.map(codeOf).filter((c): c is string => !!c);
  const defaultCode =
    (typeof current.defaultAddress === 'string' && current.defaultAddress) ||
    codeOf(held.find((a) => a.isDefault === true) ?? {});
  const kept = new Set(sent.map(codeOf).filter((c): c is string => !!c && heldCodes.includes(c)));
  const free = heldCodes.filter((c) => c !== defaultCode && !kept.has(c));
  let taken = 0;
  const addresses = sent.map((a) => {
    const code = codeOf(a);
    if (code && heldCodes.includes(code)) return a;
    const replacement = a.isDefault === true && defaultCode && !kept.has(defaultCode) ? defaultCode : free[taken++];
    if (replacement) kept.add(replacement);
    return replacement ? { ...a, code: replacement } : a;
  });
  const chosenDefault = codeOf(addresses.find((a) => a.isDefault === true) ?? {});
  return {
    ...payload,
    addresses,
    ...(payload.defaultAddress !== undefined && chosenDefault ? { defaultAddress: chosenDefault } : {}),
  };
}
