import { GraphQLError } from 'graphql';
import { entityByName } from '../model/catalog';
import { FilterParams, compileFilterString } from './filter-compiler';
import { compileOrderBy } from './order-by';
import { NumberLiteral, parseLiteral } from './filter-parser';

const compile = (entity: string, filter: string) => {
  const params = new FilterParams();
  const sql = compileFilterString(entityByName(entity), filter, 't', params);
  return { sql, params: params.values };
};

describe('X3 filter strings', () => {
  it('parses the JSON5-like literal X3 uses, keeping numbers exact', () => {
    expect(parseLiteral('[{a:\'x\'},{"b":{_gt:12.50,}},]', 'filter')).toEqual([
      { a: 'x' },
      { b: { _gt: new NumberLiteral('12.50') } },
    ]);
  });

  it("compiles Sage's sample filter: AND array, references by _id, an enum", () => {
    const { sql, params } = compile(
      'purchaseOrder',
      "[{orderFromSupplier:{_id:'CN001'}},{purchaseSite:{_id:'FR011'}},{receiptStatus:'no'}]",
    );
    expect(sql).toBe(
      '(((t.order_from_supplier = $1::text)) AND ((t.purchase_site = $2::text)) AND (t.receipt_status = $3::text))',
    );
    expect(params).toEqual(['CN001', 'FR011', 'no']);
  });

  it('compiles operators on stamps, decimals, _in, _regex and _or', () => {
    const { sql, params } = compile(
      'salesOrder',
      "{_updateStamp:{_gte:'2026-01-01T00:00:00Z'},totalAmountIncludingTax:{_lt:'100.05'},_or:[{_id:{_in:['A','B']}},{customerOrderReference:{_regex:'^po',_options:'i'}}]}",
    );
    expect(sql).toContain('t._update_stamp >= $1::timestamptz');
    expect(sql).toContain('t.total_amount_including_tax < $2::numeric');
    expect(sql).toContain('t._id = ANY($3::text[])');
    expect(sql).toContain('t.customer_order_reference::text ~* $4');
    expect(params).toEqual(['2026-01-01T00:00:00Z', '100.05', ['A', 'B'], '^po']);
  });

  it('filters through references and collections with quantifiers', () => {
    expect(compile('salesOrder', "{soldToCustomer:{currency:{_id:'USD'}}}").sql).toMatch(
      /t\.sold_to_customer IN \(SELECT f\d+\._id FROM x3_customer/,
    );
    expect(compile('purchaseReceipt', "{lines:{_every:true,purchaseOrder:'POFR0110113'}}").sql).toMatch(
      /^\(NOT EXISTS \(SELECT 1 FROM x3_purchase_receipt_line f\d+ WHERE .* AND NOT \(f\d+\.purchase_order = \$1::text\)\)\)$/,
    );
  });

  it.each([
    ["{companyName:{_like:'x'}}", "unknown operator '_like'"],
    ["{colour:'blue'}", "unknown property 'colour'"],
    ["{_where:'1=1'}", "unknown operator '_where'"],
    ["{creditLimit:'lots'}", 'expected a number'],
    ["{isActive:'yes'}", 'expected true or false'],
    ["{addresses:{city:'Paris'}}", 'needs exactly one of _every'],
    ['{companyName:', 'Invalid filter'],
  ])('refuses %s', (filter, message) => {
    expect(() => compile('customer', filter)).toThrow(GraphQLError);
    expect(() => compile('customer', filter)).toThrow(message);
  });

  it('compiles orderBy with a trailing _id tie-breaker and refuses unknown keys', () => {
    const keys = compileOrderBy(entityByName('purchaseOrder'), '{purchaseSite:{_id:-1},orderDate:1}', 't');
    expect(keys.map((k) => [k.expr, k.direction])).toEqual([
      ['t.purchase_site', -1],
      ['t.order_date', 1],
      ['t._id', 1],
    ]);
    expect(() => compileOrderBy(entityByName('purchaseOrder'), '{colour:1}', 't')).toThrow("unknown property 'colour'");
    expect(() => compileOrderBy(entityByName('purchaseOrder'), '{_id:2}', 't')).toThrow('expects 1 or -1');
  });
});
