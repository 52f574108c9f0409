import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches } from 'class-validator';

/** An X3 GL account code as X3 writes them (GACCOUNT ACC): letters, digits, '-', '.', '_'. */
const ACCOUNT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;
const accountMessage = 'each account must be an X3 account code: up to 20 letters, digits, . _ or -';

export class LedgerSettingsDto {
  @ApiProperty({
    format: 'date',
    example: '2026-07-01',
    description:
      'The day both ledgers hold the same postings from (go-live, or the day opening balances were entered in both): the run compares what each moved from it',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'inStepFrom must be a day (YYYY-MM-DD)' })
  inStepFrom: string;

  @ApiProperty({
    type: [String],
    maxItems: 20,
    example: ['610'],
    description: "X3's receivable control accounts: compared with Xero's Accounts Receivable (DEBTORS)",
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(ACCOUNT, { each: true, message: accountMessage })
  receivableAccounts: string[];

  @ApiProperty({
    type: [String],
    maxItems: 20,
    example: ['800'],
    description: "X3's payable control accounts: compared with Xero's Accounts Payable (CREDITORS)",
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(ACCOUNT, { each: true, message: accountMessage })
  payableAccounts: string[];
}

export class LedgerSettingsResponse {
  @ApiProperty({ format: 'date' })
  inStepFrom: string;
  @ApiProperty({ type: [String] })
  receivableAccounts: string[];
  @ApiProperty({ type: [String] })
  payableAccounts: string[];
}

export class LedgerSettingsEnvelope {
  @ApiProperty({ type: LedgerSettingsResponse, nullable: true, description: 'null: the runs compare no GL' })
  settings: LedgerSettingsResponse | null;
}
