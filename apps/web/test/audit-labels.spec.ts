// The audit log in words (issue 16): names for action codes and targets, no bare ids.
import { actionName, detailsText, targetName } from '../src/features/audit/audit-labels';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('audit log labels', () => {
  it('names known actions and words unknown ones readably', () => {
    expect(actionName('connection.xero_connected')).toBe('Xero organisation connected');
    expect(actionName('member.role_changed')).toBe('Role changed');
    expect(actionName('mapping.suggestion_accepted')).toBe('Mapping: suggestion accepted');
    expect(actionName('reporting.key_created')).toBe('Reporting key created');
    expect(actionName('reporting.key_revoked')).toBe('Reporting key revoked');
  });

  it('names a target from the members or the entry, never by its id', () => {
    const names = new Map([[ID, 'Ana Pohatu']]);
    expect(targetName({ targetType: 'user', targetId: ID, details: {} }, names)).toBe('Person Ana Pohatu');
    expect(
      targetName({
        targetType: 'xero_connection',
        targetId: ID,
        details: { organisation: 'Kauri Traders', xeroTenantId: ID },
      }),
    ).toBe('Xero organisation Kauri Traders');
    expect(targetName({ targetType: 'integration', targetId: ID, details: {} })).toBe('Pairing');
    expect(targetName({ targetType: 'reporting_key', targetId: ID, details: { name: 'Power BI' } })).toBe(
      'Reporting key Power BI',
    );
    expect(targetName({ targetType: null, targetId: null, details: {} })).toBe('—');
  });

  it('leaves ids out of the details and words the keys', () => {
    expect(detailsText({ organisation: 'Kauri Traders', xeroTenantId: ID, other: ID, fromRole: 'viewer' })).toBe(
      'organisation: Kauri Traders · from role: viewer',
    );
    expect(detailsText({ userId: ID, by: ID }, new Map([[ID, 'Ana']]))).toBe('by: Ana');
  });
});
