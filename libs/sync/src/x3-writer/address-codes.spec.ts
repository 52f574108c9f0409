import { keepX3AddressCodes, withX3Addresses } from './address-codes';
import { changedFields } from './conflict-merge';

const address = (code: string, isDefault: boolean, line1 = '1 Street') => ({ code, addressLine1: line1, isDefault });

describe('keepX3AddressCodes', () => {
  it("puts X3's default code on the default address the adapter numbered A1", () => {
    const payload = { code: 'C1', defaultAddress: 'A1', addresses: [address('A1', true)] };
    const current = { code: 'C1', defaultAddress: 'MAIN', addresses: [address('MAIN', true)] };
    expect(keepX3AddressCodes(payload, current)).toEqual({
      code: 'C1',
      defaultAddress: 'MAIN',
      addresses: [address('MAIN', true)],
    });
  });

  it("gives the other addresses X3's other codes in order, and a code X3 lacks stays new", () => {
    const payload = {
      defaultAddress: 'A1',
      addresses: [address('A1', true), address('A2', false, 'Dock 2'), address('A3', false, 'Dock 3')],
    };
    const current = { defaultAddress: 'HQ', addresses: [address('HQ', true), address('DEL1', false)] };
    expect(keepX3AddressCodes(payload, current).addresses).toEqual([
      address('HQ', true),
      address('DEL1', false, 'Dock 2'),
      address('A3', false, 'Dock 3'),
    ]);
  });

  it('keeps codes X3 already holds, and never gives one code to two addresses', () => {
    const payload = { addresses: [address('DEL1', false), address('A2', true)] };
    const current = { addresses: [address('HQ', true), address('DEL1', false)] };
    expect(keepX3AddressCodes(payload, current).addresses).toEqual([address('DEL1', false), address('HQ', true)]);
  });

  it('reads X3 addresses answered as a GraphQL collection', () => {
    const payload = { defaultAddress: 'A1', addresses: [address('A1', true)] };
    const current = { addresses: { query: { edges: [{ node: address('MAIN', true) }] } } };
    expect(keepX3AddressCodes(payload, current)).toEqual({
      defaultAddress: 'MAIN',
      addresses: [address('MAIN', true)],
    });
  });

  it('passes a create (no X3 record) and a payload without addresses through untouched', () => {
    const payload = { code: 'C1', addresses: [address('A1', true)] };
    expect(keepX3AddressCodes(payload, undefined)).toBe(payload);
    const bare = { code: 'C1', companyName: 'X' };
    expect(keepX3AddressCodes(bare, { addresses: [address('MAIN', true)] })).toBe(bare);
  });
});

// The both-ways proof's defect: X3's transport answers the addresses as `lines`, so an X3 partner
// seemed to have none and every Xero change (an echo too) wrote them again.
describe('withX3Addresses', () => {
  it("reads X3's address lines as the addresses the payload is compared with", () => {
    const fromTransport = { code: 'C1', defaultAddress: 'MAIN', lines: [address('MAIN', true)] };
    const payload = { code: 'C1', defaultAddress: 'A1', addresses: [address('A1', true)] };
    const current = withX3Addresses(fromTransport)!;
    expect(current).toEqual({ code: 'C1', defaultAddress: 'MAIN', addresses: [address('MAIN', true)] });
    expect(changedFields(current, keepX3AddressCodes(payload, current))).toEqual([]);
    // without it: X3 seems to hold no address, so the addresses always differ
    expect(changedFields(fromTransport, keepX3AddressCodes(payload, fromTransport))).toEqual(['addresses']);
  });

  it('leaves a record that already has addresses, or has no lines, as it is', () => {
    const held = { addresses: [address('MAIN', true)], lines: [] };
    expect(withX3Addresses(held)).toBe(held);
    expect(withX3Addresses({ code: 'C1' })).toEqual({ code: 'C1' });
    expect(withX3Addresses(undefined)).toBeUndefined();
  });
});
