import { SyncCallPlan } from './budget/call-plan.entity';
import { SyncCrossReference } from './cross-references/cross-reference.entity';
import { SyncFlowEvent } from './flow-runs/flow-event.entity';
import { SyncFlowRun } from './flow-runs/flow-run.entity';
import { SyncFlowRunStep } from './flow-runs/flow-run-step.entity';
import { SyncFlowHead } from './flows/flow-head.entity';
import { SyncFlowVersion } from './flows/flow-version.entity';
import { SyncContactName } from './matching/contact-name.entity';
import { SyncMatchProposal } from './matching/match-proposal.entity';
import { SyncMatching } from './matching/matching.entity';
import { SyncFlowCursor } from './pending/flow-cursor.entity';
import { SyncPendingChange } from './pending/pending-change.entity';
import { SyncMonthlyUsage } from './pending/monthly-usage.entity';
import { SyncPaymentPart } from './payments/payment-part.entity';
import { SyncCreditAllocation } from './drain/credit-allocation.entity';
import { SyncNudgeToken } from './triggers/nudge-token.entity';
import { SyncPollSchedule } from './triggers/poll-schedule.entity';
import { SHOP_ENTITIES } from './shop-intake/shop-entities';
import { ALERT_ENTITIES } from './alerts/alert-entities';
import { ANOMALY_ENTITIES } from './anomalies/anomaly.entities';
import { SyncRecordEvent } from './trail/record-event.entity';
import { SyncRun } from './trail/sync-run.entity';
import { SyncLedgerCopy } from './ledger-copies/ledger-copy.entity';

export const SYNC_ENTITIES = [
  SyncCrossReference,
  SyncFlowVersion,
  SyncFlowHead,
  SyncPendingChange,
  SyncMonthlyUsage,
  SyncFlowCursor,
  SyncMatching,
  SyncMatchProposal,
  SyncContactName,
  SyncPollSchedule,
  SyncNudgeToken,
  SyncCallPlan,
  SyncPaymentPart,
  SyncCreditAllocation,
  SyncFlowRun,
  SyncFlowRunStep,
  SyncFlowEvent,
  ...SHOP_ENTITIES,
  ...ALERT_ENTITIES,
  ...ANOMALY_ENTITIES,
  SyncRun,
  SyncRecordEvent,
  SyncLedgerCopy,
];
