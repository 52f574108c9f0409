import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DIFFERENCE_CLASSES, type DifferenceClass } from '#lb/reconciliation';

class SideValuesResponse {
  @ApiProperty()
  recordKey: string;
  @ApiProperty({ type: String, nullable: true })
  counterparty: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  documentDate: string | null;
  @ApiProperty({ type: String, nullable: true })
  currency: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Decimal text' })
  total: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Decimal text' })
  amountDue: string | null;
  @ApiProperty({ type: String, nullable: true })
  status: string | null;
}

class MissingLookupEntryResponse {
  @ApiProperty({ description: 'The mapping it goes in: entity', example: 'invoice' })
  entity: string;
  @ApiProperty({ enum: ['x3-to-xero', 'xero-to-x3'] })
  direction: string;
  @ApiPropertyOptional({
    description: "The lookup table; absent for a GL account (the journals mapping's account lookup)",
  })
  table?: string;
  @ApiProperty({ type: [String], description: 'One part per key field' })
  key: string[];
  @ApiProperty({ type: [String], description: 'The value fields the approval gives, e.g. ["taxType"]' })
  valueFields: string[];
}

class SuggestedFixResponse {
  @ApiProperty({
    enum: ['resend-x3', 'create-in-x3', 'carry-payment', 'void-duplicate', 'credit-note', 'add-mapping', 'none'],
  })
  action: string;
  @ApiProperty()
  description: string;
  @ApiProperty({ required: false })
  target?: string;
  @ApiProperty({ required: false, description: 'Decimal text' })
  amount?: string;
  @ApiPropertyOptional({
    type: MissingLookupEntryResponse,
    description: "add-mapping: the lookup entry to add; approve it with { value } holding the entry's value fields",
  })
  entry?: MissingLookupEntryResponse;
}

export class ReconRunResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  integrationId: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] })
  state: string;
  @ApiProperty({ format: 'date' })
  asOf: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  requestedByUserId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Differences per class, and compared',
  })
  counts: Record<string, number>;
  @ApiProperty({ type: String, nullable: true })
  failure: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: Date | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: Date;
}

export class ReconDifferenceResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: DIFFERENCE_CLASSES })
  differenceClass: DifferenceClass;
  @ApiProperty()
  entity: string;
  @ApiProperty()
  matchKey: string;
  @ApiProperty({ type: [SideValuesResponse] })
  x3: SideValuesResponse[];
  @ApiProperty({ type: [SideValuesResponse] })
  xero: SideValuesResponse[];
  @ApiProperty()
  likelyCause: string;
  @ApiProperty({ type: SuggestedFixResponse })
  fix: SuggestedFixResponse;
  @ApiProperty({ enum: ['open', 'approved', 'applied', 'dismissed'] })
  state: string;
}

class DifferenceGroupResponse {
  @ApiProperty({ enum: DIFFERENCE_CLASSES })
  differenceClass: DifferenceClass;
  @ApiProperty({ description: 'All of the class; at most 200 are listed' })
  count: number;
  @ApiProperty({ type: [ReconDifferenceResponse] })
  differences: ReconDifferenceResponse[];
}

export class LedgerLineResponse {
  @ApiProperty({ type: String, nullable: true, description: "Xero's account code; null: an X3 account no lookup maps" })
  xeroCode: string | null;
  @ApiProperty({ type: [String], description: 'The X3 accounts summed into the line' })
  x3Accounts: string[];
  @ApiProperty({ description: 'Debit − credit, decimal text to the cent' })
  x3Balance: string;
  @ApiProperty({ description: 'Debit − credit, decimal text to the cent' })
  xeroBalance: string;
  @ApiProperty({ description: 'x3Balance − xeroBalance' })
  difference: string;
  @ApiProperty({ enum: ['equal', 'amount-differs', 'rounding', 'unmapped', 'missing-in-x3', 'missing-in-xero'] })
  class: string;
}

export class RunLedgerResponse {
  @ApiProperty({ format: 'date' })
  asOf: string;
  @ApiPropertyOptional({ format: 'date', description: 'The day both ledgers are in step from' })
  inStepFrom?: string;
  @ApiPropertyOptional({
    type: [LedgerLineResponse],
    description: 'What each ledger moved from inStepFrom to asOf, per Xero code (then unmapped X3 accounts)',
  })
  lines?: LedgerLineResponse[];
  @ApiPropertyOptional({ format: 'date', description: "The first day of the run's month (not before inStepFrom)" })
  monthFrom?: string;
  @ApiPropertyOptional({ type: [LedgerLineResponse], description: 'What moved from monthFrom to asOf' })
  monthLines?: LedgerLineResponse[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'X3 account → Xero code, as the comparison used it',
  })
  accountMap?: Record<string, string>;
  @ApiPropertyOptional({ description: 'Why the ledgers were not compared' })
  skipped?: string;
}

export class ReconRunDetailResponse {
  @ApiProperty({ type: ReconRunResponse })
  run: ReconRunResponse;
  @ApiProperty({ type: [DifferenceGroupResponse] })
  groups: DifferenceGroupResponse[];
  @ApiProperty({
    type: RunLedgerResponse,
    nullable: true,
    description: 'The GL comparison; null for a run not (yet) compared',
  })
  ledger: RunLedgerResponse | null;
}
