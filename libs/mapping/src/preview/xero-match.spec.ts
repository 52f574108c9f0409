import { changesAgainst } from './xero-match';

describe('changesAgainst', () => {
  const payload = {
    contactNumber: 'C001',
    name: 'Acme',
    addresses: [{ addressType: 'STREET', city: 'Wellington' }],
    phones: [{ phoneType: 'DEFAULT', phoneNumber: '04 555' }],
  };

  it('ignores what Xero adds (ids, other address and phone types) and list order', () => {
    const current = {
      contactID: 'x-1',
      contactNumber: 'C001',
      name: 'Acme',
      updatedDateUTC: new Date('2026-01-01T00:00:00Z'),
      addresses: [
        { addressType: 'POBOX', city: '' },
        { addressType: 'STREET', city: 'Wellington', region: '' },
      ],
      phones: [
        { phoneType: 'MOBILE', phoneNumber: '' },
        { phoneType: 'DEFAULT', phoneNumber: '04 555' },
      ],
    };
    expect(changesAgainst(current, payload)).toEqual([]);
  });

  it('lists each field the write would change, with its current and new value', () => {
    const current = {
      contactNumber: 'C001',
      name: 'Acme Ltd',
      addresses: [{ addressType: 'STREET', city: 'Auckland' }],
    };
    const byPath = changesAgainst(current, payload).sort((a, b) => a.path.localeCompare(b.path));
    expect(byPath).toEqual([
      { path: 'addresses[0].city', kind: 'changed', before: 'Auckland', after: 'Wellington' },
      { path: 'name', kind: 'changed', before: 'Acme Ltd', after: 'Acme' },
      { path: 'phones[0].phoneNumber', kind: 'added', after: '04 555' },
      { path: 'phones[0].phoneType', kind: 'added', after: 'DEFAULT' },
    ]);
  });

  it('compares amounts by value: Xero answers numbers where we send decimal text', () => {
    expect(changesAgainst({ total: 1250 }, { total: '1250.00' })).toEqual([]);
  });
});
