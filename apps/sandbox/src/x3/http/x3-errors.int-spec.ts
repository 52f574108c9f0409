/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
import { RunningSandbox, TestFolder, provisionFolder, startSandbox } from '../testing/x3-test-sandbox';
import { gql } from '../testing/x3-test-client';

interface XtremError {
  message: string;
  extensions?: { code?: string; diagnoses?: Array<{ severity: number; message: string; path: unknown[] }> };
}

// X3's GraphQL (xtrem) reports a refused input as an `errors[]` entry whose extensions carry a
// code and X3 diagnoses (severity 3 = error), e.g. code "data-input-error" (dev.sage sdmo guides).
describe('X3 GraphQL errors', () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
  });
  afterAll(() => sandbox?.close());

  /** Execution errors answer 200; a variable the schema refuses is a request error, 400 (GraphQL over HTTP). */
  const errorsOf = async (
    query: string,
    variables?: Record<string, unknown>,
    expectedStatus = 200,
  ): Promise<XtremError[]> => {
    const { status, body } = await gql(sandbox.url, folder, query, variables);
    expect(status).toBe(expectedStatus);
    expect(body.errors?.length).toBeGreaterThan(0);
    return body.errors as XtremError[];
  };

  const expectInputError = (error: XtremError, message: RegExp) => {
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/Unexpected error|undefined|\bt\.|_update_stamp|_create_stamp/);
    expect(error.extensions).toMatchObject({
      code: 'data-input-error',
      diagnoses: [{ severity: 3, message: error.message, path: [] }],
    });
  };

  const createCustomer = (code: string, creditLimit: string) =>
    errorsOf(
      'mutation ($limit: Decimal) { x3MasterData { customer { create(data: { code: "' +
        code +
        '", companyName: "Decimal test", currency: "EUR", creditLimit: $limit }) { _id creditLimit } } } }',
      { limit: creditLimit },
      400,
    );

  it('refuses a decimal with more places than X3 stores instead of rounding it', async () => {
    const [error] = await createCustomer('DEC9', '1.123456789');
    expectInputError(error, /1\.123456789.*8 decimal places/);
    const read = await gql(sandbox.url, folder, '{ x3MasterData { customer { read(_id: "DEC9") { _id } } } }');
    expect(read.body.data.x3MasterData.customer.read).toBeNull();
  });

  it('refuses a decimal too large for X3 with an input error, not an unexpected one', async () => {
    const [error] = await createCustomer('DEC21', '123456789012345678901');
    expectInputError(error, /123456789012345678901.*20 digits/);
  });

  it('keeps a decimal with exactly 8 places as sent', async () => {
    const { body } = await gql(
      sandbox.url,
      folder,
      'mutation { x3MasterData { customer { create(data: { code: "DEC8", companyName: "Eight", currency: "EUR", creditLimit: "12345678901234567890.12345678" }) { creditLimit } } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.x3MasterData.customer.create.creditLimit).toBe('12345678901234567890.12345678');
  });

  it('answers an invalid _regex with an input error', async () => {
    const [error] = await errorsOf(
      `{ x3MasterData { customer { query(filter: "{companyName:{_regex:'(unclosed'}}") { totalCount edges { node { _id } } } } } }`,
    );
    expectInputError(error, /Invalid filter: _regex.*companyName/);
  });

  it.each([
    ["{_id:{_like:'A'}}", /unknown operator '_like' on Customer\._id/],
    ["{_updateStamp:{_gt:'yesterday'}}", /expected an ISO datetime for _updateStamp/],
    ["{_createStamp:{_lt:'2026-02-30T00:00:00Z'}}", /expected an ISO datetime for _createStamp/],
    ["{creditLimit:{_gt:'lots'}}", /expected a number for creditLimit/],
    ["{billToCustomer:{_id:{_in:'AE003'}}}", /_in on billToCustomer\._id expects an array/],
    ["{_id:{_in:'AE003'}}", /_in on _id expects an array/],
  ])('names the property, not the SQL column, when refusing %s', async (filter, message) => {
    const [error] = await errorsOf(
      `{ x3MasterData { customer { query(filter: ${JSON.stringify(filter)}) { totalCount edges { node { _id } } } } } }`,
    );
    expectInputError(error, message);
  });

  it('refuses an integer out of range in a filter as an input error', async () => {
    const [error] = await errorsOf(
      '{ x3Sales { salesOrder { query(filter: "{lines:{_atLeast:1,lineNumber:99999999999}}") { totalCount } } } }',
    );
    expectInputError(error, /lineNumber/);
  });

  it('refuses a cursor whose values do not fit the sort keys as an input error', async () => {
    const [error] = await errorsOf(
      `{ x3MasterData { customer { query(orderBy: "{creditLimit:1}", after: ${JSON.stringify('["lots","AE003"]#3')}) { totalCount edges { node { _id } } } } } }`,
    );
    expectInputError(error, /Invalid filter or cursor/);
  });

  it('names a missing delivery line field instead of "line undefined"', async () => {
    const { body } = await gql(
      sandbox.url,
      folder,
      `{ x3Sales { salesOrder { query(first: 1, filter: "{deliveryStatus:'notDelivered',orderStatus:'open'}") { edges { node { _id } } } } } }`,
    );
    const order = body.data.x3Sales.salesOrder.query.edges[0].node._id as string;
    const errors = await errorsOf(
      `mutation { x3Sales { salesDelivery { create(data: { salesOrder: "${order}", lines: [{ quantityInSalesUnitDelivered: "1" }] }) { _id } } } }`,
    );
    expect(errors[0].message).toBe('Order line (SOPLIN): mandatory field');
    expect(errors[0].extensions).toMatchObject({
      code: 'business-rule-error',
      diagnoses: [{ severity: 3, message: 'Order line (SOPLIN): mandatory field', path: [] }],
    });
  });

  it('names a missing receipt order line instead of "line undefined"', async () => {
    const line = {
      purchaseOrder: 'POFR0110112',
      product: 'DIS012',
      receiptUnit: 'UN',
      quantityInReceiptUnitReceived: '1',
    };
    const errors = await errorsOf(
      'mutation ($data: PurchaseReceipt_Input!) { x3Purchasing { purchaseReceipt { create(data: $data) { _id } } } }',
      { data: { receiptSite: 'FR011', supplier: 'CN001', lines: [line] } },
    );
    expect(errors[0].message).toBe('Line 1: order line (POPLIN): mandatory field');
    expect(errors[0].extensions).toMatchObject({ code: 'business-rule-error' });
  });
});
