import { ReconDifference } from './runs/recon-difference.entity';
import { ReconRun } from './runs/recon-run.entity';
import { ReconSchedule } from './schedule/recon-schedule.entity';
import { ReconLedgerSettings } from './ledger/ledger-settings.entity';

// The tables of reconciliation (runs, differences, schedules): the product's entity list loads these.
export const RECONCILIATION_ENTITIES: Array<new () => object> = [
  ReconRun,
  ReconDifference,
  ReconSchedule,
  ReconLedgerSettings,
];
