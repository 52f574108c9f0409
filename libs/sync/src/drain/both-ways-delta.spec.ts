import { editedFields } from './both-ways-delta';

describe('editedFields: the top-level payload fields X3 edited since the last sync', () => {
  const base = {
    contactNumber: 'C001',
    name: 'Acme',
    emailAddress: 'a@acme.test',
    addresses: [{ city: 'Wellington' }],
  };

  it('names only the fields whose mapped value moved, whole lists compared by value', () => {
    expect(editedFields({ ...base }, base)).toEqual([]);
    expect(editedFields({ ...base, name: 'Acme Ltd' }, base)).toEqual(['name']);
    expect(editedFields({ ...base, addresses: [{ city: 'Auckland' }] }, base)).toEqual(['addresses']);
    expect(editedFields({ ...base, addresses: [{ city: 'Wellington' }] }, base)).toEqual([]);
  });

  it('compares as sent on the wire: undefined is no field, a field X3 stopped filling is left as Xero has it', () => {
    expect(editedFields({ ...base, taxNumber: undefined }, base)).toEqual([]);
    const { emailAddress: _gone, ...withoutEmail } = base;
    expect(editedFields(withoutEmail, base)).toEqual([]);
    expect(editedFields({ ...base, taxNumber: '123' }, base)).toEqual(['taxNumber']);
  });
});
