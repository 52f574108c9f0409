import { keepX3AddressCodes } from './address-codes';

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
