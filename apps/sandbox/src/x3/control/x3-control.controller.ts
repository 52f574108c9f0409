import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { FolderService } from '../folders/folder-service';
import { FaultService } from '../faults/fault-service';
import { SimulationService } from './simulation-service';
import { BulkService } from './bulk-service';
import { BulkDocumentsService } from './bulk-documents';
import { BulkLedgerService } from './bulk-ledger';
import { MasterDataControl } from './master-data-control';
import { text } from '../domain/store';
import { FolderControlGuard, ProvisionGuard } from './control-auth.guard';

type Body = Record<string, unknown>;

@Controller('x3-control/folders')
export class X3ProvisionController {
  constructor(private readonly folders: FolderService) {}

  @Post()
  @UseGuards(ProvisionGuard)
  create() {
    return this.folders.createTrialFolder();
  }
}

/** Per-folder control API: simulate ERP users, inject faults, manage credentials. */
@Controller('x3-control/folders/:folder')
@UseGuards(FolderControlGuard)
export class X3ControlController {
  constructor(
    private readonly folders: FolderService,
    private readonly faults: FaultService,
    private readonly simulation: SimulationService,
    private readonly bulk: BulkService,
    private readonly bulkDocuments: BulkDocumentsService,
    private readonly bulkLedger: BulkLedgerService,
    private readonly masterData: MasterDataControl,
  ) {}

  @Get()
  summary(@Param('folder') folder: string) {
    return this.folders.summary(folder);
  }

  @Delete()
  @HttpCode(204)
  remove(@Param('folder') folder: string) {
    return this.folders.deleteFolder(folder);
  }

  @Post('connected-applications')
  connectedApp(@Param('folder') folder: string, @Body() body: Body) {
    return this.folders.addConnectedApp(folder, body);
  }

  @Post('basic-users')
  @HttpCode(204)
  basicUser(@Param('folder') folder: string, @Body() body: Body) {
    return this.folders.addBasicUser(folder, text(body.user), text(body.password));
  }

  @Post('faults')
  @HttpCode(204)
  addFault(@Param('folder') folder: string, @Body() body: Body) {
    return this.faults.add(folder, body);
  }

  @Delete('faults')
  @HttpCode(204)
  clearFaults(@Param('folder') folder: string) {
    return this.faults.clear(folder);
  }

  @Post('sales-orders')
  createOrder(@Param('folder') folder: string, @Body() body: Body) {
    return this.simulation.createSalesOrder(folder, body);
  }

  @Patch('sales-orders/:id/lines/:lineNumber')
  changeOrderLine(
    @Param('folder') folder: string,
    @Param('id') id: string,
    @Param('lineNumber', ParseIntPipe) lineNumber: number,
    @Body() body: Body,
  ) {
    return this.simulation.changeOrderLine(folder, id, lineNumber, body);
  }

  @Post('currencies')
  currency(@Param('folder') folder: string, @Body() body: Body) {
    return this.masterData.currency(folder, body);
  }

  @Post('companies')
  company(@Param('folder') folder: string, @Body() body: Body) {
    return this.masterData.company(folder, body);
  }

  @Post('tax-codes')
  taxCode(@Param('folder') folder: string, @Body() body: Body) {
    return this.masterData.taxCode(folder, body);
  }

  @Post('tax-rules')
  taxRule(@Param('folder') folder: string, @Body() body: Body) {
    return this.masterData.taxRule(folder, body);
  }

  @Post('exchange-rates')
  exchangeRate(@Param('folder') folder: string, @Body() body: Body) {
    return this.masterData.exchangeRate(folder, body);
  }

  @Post('sales-orders/:id/ship')
  ship(@Param('folder') folder: string, @Param('id') id: string, @Body() body: Body) {
    return this.simulation.ship(folder, id, body);
  }

  @Post('sales-invoices')
  invoice(@Param('folder') folder: string, @Body() body: Body) {
    return this.simulation.invoice(folder, body);
  }

  @Post('sales-invoices/:id/post')
  post(@Param('folder') folder: string, @Param('id') id: string) {
    return this.simulation.postInvoice(folder, id);
  }

  @Post('journal-entries')
  journalEntry(@Param('folder') folder: string, @Body() body: Body) {
    return this.simulation.journalEntry(folder, body);
  }

  @Post('payments')
  payment(@Param('folder') folder: string, @Body() body: Body) {
    return this.simulation.recordPayment(folder, body);
  }

  @Post('payments/:id/prepayment-postings')
  postPrepayment(@Param('folder') folder: string, @Param('id') id: string, @Body() body: Body) {
    return this.simulation.postPrepayment(folder, id, body);
  }

  @Patch('customers/:id')
  changeCustomer(@Param('folder') folder: string, @Param('id') id: string, @Body() body: Body) {
    return this.simulation.changeCustomer(folder, id, body);
  }

  @Post('late-commits')
  lateCommit(@Param('folder') folder: string, @Body() body: Body) {
    return this.simulation.lateCommit(folder, body);
  }

  @Post('touch')
  touch(@Param('folder') folder: string, @Body() body: Body) {
    return this.simulation.touch(folder, body);
  }

  @Post('bulk/customers')
  bulkCustomers(@Param('folder') folder: string, @Body() body: Body) {
    return this.bulk.customers(folder, body);
  }

  /** New customers and their (posted) invoices, made through the business code: sync volume. */
  @Post('bulk/sales-invoices')
  bulkInvoices(@Param('folder') folder: string, @Body() body: Body) {
    return this.bulkDocuments.salesInvoices(folder, body);
  }

  @Post('bulk/sales-orders')
  bulkOrders(@Param('folder') folder: string, @Body() body: Body) {
    return this.bulk.salesOrders(folder, body);
  }

  /** New suppliers and their (validated) supplier invoices: bills for sync volume. */
  @Post('bulk/purchase-invoices')
  bulkBills(@Param('folder') folder: string, @Body() body: Body) {
    return this.bulkLedger.purchaseInvoices(folder, body);
  }

  /** Payments settling given documents (whole, a share of the open balance, or an amount). */
  @Post('bulk/payments')
  bulkPayments(@Param('folder') folder: string, @Body() body: Body) {
    return this.bulkLedger.payments(folder, body);
  }

  /** Balanced journal entries (final unless told otherwise). */
  @Post('bulk/journal-entries')
  bulkJournals(@Param('folder') folder: string, @Body() body: Body) {
    return this.bulkLedger.journalEntries(folder, body);
  }
}
