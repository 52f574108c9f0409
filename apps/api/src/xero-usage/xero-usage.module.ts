import { Module } from '@nestjs/common';
import { XeroOperatorUsageController, XeroUsageController } from './xero-usage.controller';
import { XeroUsageService } from './xero-usage.service';

/** The Xero cost meter's routes (docs/connectors/xero.md, "Cost meter"). */
@Module({
  controllers: [XeroUsageController, XeroOperatorUsageController],
  providers: [XeroUsageService],
})
export class XeroUsageModule {}
