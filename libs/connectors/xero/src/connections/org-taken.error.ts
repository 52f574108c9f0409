/** A Xero organisation already belongs to another tenant: it is refused, never shared. */
export class XeroOrganisationTakenError extends Error {
  constructor(
    readonly xeroTenantId: string,
    readonly tenantName: string | null,
  ) {
    super(
      `The Xero organisation "${tenantName ?? xeroTenantId}" is already connected to another Ledgerbridge account. Disconnect it there first.`,
    );
    this.name = 'XeroOrganisationTakenError';
  }
}

export const isUniqueViolation = (e: unknown, constraint: string): boolean => {
  const d = (e as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string }) ?? {};
  const err = d.driverError ?? d;
  return err.code === '23505' && err.constraint === constraint;
};
