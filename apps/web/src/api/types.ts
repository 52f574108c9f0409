// The SPA's names for the api's request and response types. They come from the generated file
// (npm run generate:api-types reads the api's OpenAPI document): never re-declare them by hand.
import type { components, paths } from './generated/api-types';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type SessionView = Schemas['SessionResponse'];
export type InvitationAcceptResult = Schemas['InvitationAcceptResponse'];

export type TenantDetails = Schemas['TenantResponse'];
export type TenantDeletion = Schemas['TenantDeletionResponse'];
export type MemberView = Schemas['MemberResponse'];
export type InvitationView = Schemas['InvitationResponse'];
export type InvitationLink = Schemas['InvitationLinkResponse'];
export type InviteInput = Schemas['InviteDto'];
export type AuditEntry = Schemas['AuditEntryResponse'];
export type ActorKind = Schemas['ActorKind'];

export type ConnectionsView = Schemas['ConnectionsResponse'];
export type XeroConnectionView = Schemas['XeroConnectionResponse'];
export type XeroConnectionStatus = Schemas['XeroConnectionStatus'];
export type XeroOrgUsage = Schemas['XeroOrgUsageResponse'];
export type X3ConnectionView = Schemas['X3ConnectionResponse'];
export type X3ConnectionInput = Schemas['X3ConnectionDto'];
export type X3AuthInput = Schemas['X3AuthDto'];
export type X3ConnectionReport = Schemas['X3ConnectionReportResponse'];
export type TrialResult = Schemas['TrialResultResponse'];

export type IntegrationView = Schemas['IntegrationResponse'];
export type IntegrationInput = Schemas['CreateIntegrationDto'];
export type Created = Schemas['CreatedResponse'];

export type StaffLoginInput = Schemas['StaffLoginDto'];
export type StaffEnrolment = Schemas['StaffEnrolmentResponse'];
export type SupportTenant = Schemas['SupportTenantResponse'];
export type SupportGrantInput = Schemas['SupportGrantDto'];
export type SupportGrant = Schemas['SupportGrantResponse'];
export type SupportMember = Schemas['SupportMemberResponse'];
export type SupportConnection = Schemas['SupportConnectionResponse'];
export type SupportAccess = Schemas['SupportAccessResponse'];
export type SupportGrantIssued = Schemas['SupportGrantIssuedResponse'];
export type SupportIntegration = Schemas['SupportIntegrationResponse'];
export type SupportAuditEntry = Schemas['SupportAuditEntryResponse'];
export type SupportActivityLine = Schemas['SupportActivityLineResponse'];

export type HealthReport = paths['/health']['get']['responses'][200]['content']['application/json'];
export type WorkersStatus = Schemas['WorkersStatusResponse'];

export type MappingSummary = Schemas['MappingSummaryResponse'];
export type MappingVersionView = Schemas['VersionResponse'];
export type MappingVersionSummary = Schemas['VersionSummaryResponse'];
export type MappingVersionDiff = Schemas['VersionDiffResponse'];
export type DryRunView = Schemas['DryRunResponse'];
export type DryRunRecordView = Schemas['DryRunRecordResponse'];
export type DocumentCheck = Schemas['DocumentCheckResponse'];
export type DocumentIssueView = Schemas['DocumentIssueResponse'];
export type CanonicalEntity = Schemas['CanonicalEntity'];
export type MappingDirection = Schemas['MappingDirection'];
export type FlowsOverview = Schemas['IntegrationFlowsResponse'];
export type FlowOverview = Schemas['FlowOverviewResponse'];
export type FlowDryRunView = Schemas['FlowDryRunResponse'];
export type FlowDryRunRecordView = Schemas['FlowDryRunRecordResponse'];
export type StarterInstall = Schemas['StarterInstallResponse'];
export type MatchingView = Schemas['MatchingResponse'];
export type DeadLetterView = Schemas['DeadLetterResponse'];
export type DeadLetterDetailView = Schemas['DeadLetterDetailResponse'];

export type RunView = Schemas['RunResponse'];
export type RunDetailView = Schemas['RunDetailResponse'];
export type RunsPage = Schemas['RunsPageResponse'];
export type RecordEventView = Schemas['RecordEventResponse'];
export type TrailPage = Schemas['TrailPageResponse'];
export type WaitingChangeView = Schemas['WaitingChangeResponse'];
export type HeldChangeView = Schemas['HeldChangeResponse'];
export type ReplayResult = Schemas['ReplayResultResponse'];
export type SuggestionList = Schemas['SuggestionListResponse'];
export type SuggestionView = Schemas['SuggestionResponse'];
export type SuggestionKind = Schemas['SuggestionKind'];
export type DecisionResult = Schemas['DecisionResponse'];
export type ShopConnectionView = Schemas['ShopConnectionResponse'];
export type CreatedShopConnection = Schemas['CreatedShopConnectionResponse'];
export type CreateShopConnectionInput = Schemas['CreateShopConnectionDto'];
export type ShopEventView = Schemas['ShopEventResponse'];
export type FlowRunView = Schemas['FlowRunResponse'];
export type FlowRunStepView = Schemas['FlowRunStepResponse'];
export type FlowVersionView = Schemas['FlowVersionResponse'];
export type AlertRuleView = Schemas['AlertRuleResponse'];
export type CreatedAlertRule = Schemas['CreatedAlertRuleResponse'];
export type CreateAlertRuleInput = Schemas['CreateAlertRuleDto'];
export type AlertView = Schemas['AlertResponse'];
export type DevMailView = Schemas['DevMailResponse'];

export type DashboardView = Schemas['DashboardResponse'];
export type DashboardFlowTile = Schemas['FlowTileResponse'];
export type DashboardSeriesPoint = Schemas['SeriesPointResponse'];
export type TenantDashboardView = Schemas['TenantDashboardResponse'];
export type IntegrationSummaryView = Schemas['IntegrationSummaryResponse'];
export type XeroBudgetView = Schemas['XeroBudgetResponse'];
export type RecordsPageView = Schemas['RecordsPageResponse'];
export type RecordRowView = Schemas['RecordRowResponse'];

export type BillingOverview = Schemas['BillingOverviewResponse'];
export type BillingBanner = Schemas['BannerResponse'];
export type BillingPlan = Schemas['PlanResponse'];
export type BillingPrice = Schemas['PriceResponse'];
export type BillingEntitlements = Schemas['EntitlementsResponse'];
export type BillingRedirect = Schemas['BillingRedirectResponse'];
export type CheckoutInput = Schemas['CheckoutDto'];

export type ReconRunView = Schemas['ReconRunResponse'];
export type ReconRunDetailView = Schemas['ReconRunDetailResponse'];
export type ReconDifferenceView = Schemas['ReconDifferenceResponse'];
export type ReconDifferenceGroup = Schemas['DifferenceGroupResponse'];
export type ReconSideValues = Schemas['SideValuesResponse'];
export type ReconScheduleView = Schemas['ReconScheduleResponse'];
export type ReconScheduleEnvelope = Schemas['ReconScheduleEnvelope'];
export type ReconScheduleInput = Schemas['ReconScheduleDto'];
export type StartReconRunInput = Schemas['StartReconRunDto'];
export type RunLedgerView = Schemas['RunLedgerResponse'];
export type LedgerLineView = Schemas['LedgerLineResponse'];
export type LedgerSettingsView = Schemas['LedgerSettingsResponse'];
export type LedgerSettingsEnvelope = Schemas['LedgerSettingsEnvelope'];
export type LedgerSettingsInput = Schemas['LedgerSettingsDto'];
export type AnomalyFindingView = Schemas['AnomalyFindingResponse'];

export type ReportingViewInfo = Schemas['ReportingViewResponse'];
export type ReportingKeyView = Schemas['ReportingKeyResponse'];
export type CreatedReportingKey = Schemas['CreatedReportingKeyResponse'];
export type CreateReportingKeyInput = Schemas['CreateReportingKeyDto'];
