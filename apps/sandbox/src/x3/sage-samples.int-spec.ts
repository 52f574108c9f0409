/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunningSandbox, TestFolder, provisionFolder, startSandbox } from './testing/x3-test-sandbox';
import { gql } from './testing/x3-test-client';

interface PurchaseOrderNode {
  _id: string;
  purchaseSite: unknown;
  orderFromSupplier: { code: { code: string } };
  receiptStatus: string;
  isClosed: boolean;
}

const fixture = (name: string) => readFileSync(join(__dirname, 'testing', 'fixtures', name), 'utf8');

describe("Sage's published X3 GraphQL samples run unchanged", () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
  });
  afterAll(() => sandbox?.close());

  it('lists FR011 orders from CN001 not yet received, sorted as asked', async () => {
    const { status, body } = await gql(
      sandbox.url,
      folder,
      fixture('PurchaseOrder_query.graphql'),
      JSON.parse(fixture('PurchaseOrder_query.variables.json')),
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const nodes = (body.data.x3Purchasing.purchaseOrder.query.edges as Array<{ node: PurchaseOrderNode }>).map(
      (e) => e.node,
    );
    expect(nodes.map((n) => n._id)).toEqual(['POFR0110113', 'POFR0110112']);
    for (const node of nodes) {
      expect(node.purchaseSite).toEqual({ name: 'Paris headquarters', _id: 'FR011' });
      expect(node.orderFromSupplier.code.code).toBe('CN001');
      expect(node.receiptStatus).toBe('no');
      expect(node.isClosed).toBe(false);
    }
  });

  it('reads POFR0110113 with its lines and stamps', async () => {
    const { body } = await gql(sandbox.url, folder, fixture('PurchaseOrder_read.graphql'), { id: 'POFR0110113' });
    expect(body.errors).toBeUndefined();
    const order = body.data.xtremX3Purchasing.purchaseOrder.read;
    expect(order._id).toBe('POFR0110113');
    expect(Date.parse(order._createStamp)).not.toBeNaN();
    expect(Date.parse(order._updateStamp)).not.toBeNaN();
    const lines = (order.purchaseOrderLines.query.edges as Array<{ node: { product: { code: string } } }>).map(
      (e) => e.node,
    );
    expect(lines.map((l) => l.product.code)).toEqual(['DIS012', 'DIS013', 'DIS014', 'FIN002']);
    expect(lines[0]).toEqual({
      lineNumber: 1000,
      product: { code: 'DIS012', description1: 'Distribution item 012' },
      quantityInOrderUnitOrdered: '40',
      quantityInStockUnitReceived: '0',
      orderUnit: { code: 'UN' },
    });
  });

  it('creates a receipt for POFR0110112 and moves its receipt status', async () => {
    const created = await gql(
      sandbox.url,
      folder,
      fixture('PurchaseReceipt_mutation.graphql'),
      JSON.parse(fixture('PurchaseReceipt_mutation.variables.json')),
    );
    expect(created.body.errors).toBeUndefined();
    const id = created.body.data.x3Purchasing.purchaseReceipt.create.id;
    expect(id).toBe('RECFR0110095');
    const receipt = await gql(sandbox.url, folder, fixture('PurchaseReceipt_read.graphql'), { id });
    const line = receipt.body.data.x3Purchasing.purchaseReceipt.read.lines.query.edges[0].node;
    expect(line).toMatchObject({
      purchaseOrder: 'POFR0110112',
      purchaseOrderLineNumber: 1000,
      quantityInReceiptUnitReceived: '10',
      _sortValue: 1000,
    });
    const order = await gql(
      sandbox.url,
      folder,
      '{ x3Purchasing { purchaseOrder { read(_id: "POFR0110112") { receiptStatus isClosed } } } }',
    );
    expect(order.body.data.x3Purchasing.purchaseOrder.read).toEqual({ receiptStatus: 'partly', isClosed: false });
    const rest = JSON.parse(fixture('PurchaseReceipt_mutation.variables.json'));
    rest.data.lines = [
      { ...rest.data.lines[0], quantityInReceiptUnitReceived: '90' },
      {
        ...rest.data.lines[0],
        purchaseOrderLineNumber: '2000',
        product: 'DIS013',
        quantityInReceiptUnitReceived: '50',
      },
    ];
    const second = await gql(sandbox.url, folder, fixture('PurchaseReceipt_mutation.graphql'), rest);
    expect(second.body.errors).toBeUndefined();
    const closed = await gql(
      sandbox.url,
      folder,
      '{ x3Purchasing { purchaseOrder { read(_id: "POFR0110112") { receiptStatus isClosed } } } }',
    );
    expect(closed.body.data.x3Purchasing.purchaseOrder.read).toEqual({ receiptStatus: 'totally', isClosed: true });
  });
});
