import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SignInPage } from '../features/auth/sign-in-page';
import { InvitationAcceptPage } from '../features/auth/invitation-accept-page';
import { HomePage } from '../features/home/home-page';
import { OnboardingPage } from '../features/onboarding/onboarding-page';
import { ConnectionsPage } from '../features/connections/connections-page';
import { IntegrationsPage } from '../features/integrations/integrations-page';
import { MembersPage } from '../features/members/members-page';
import { InvitationsPage } from '../features/invitations/invitations-page';
import { AuditPage } from '../features/audit/audit-page';
import { OrganisationPage } from '../features/tenant/organisation-page';
import { OrganisationDeletedPage } from '../features/tenant/organisation-deleted-page';
import { StaffSignInPage } from '../features/staff/staff-sign-in-page';
import { StaffConsolePage } from '../features/staff/staff-console-page';
import { MemberShell, PublicShell, RequireMember, RequireStaff, StaffShell } from './shells';
import { NotFoundPage } from './not-found-page';
import { MappingsPage } from '../features/mappings/mappings-page';
import { FlowsPage } from '../features/flows/flows-page';
import { ShopPage } from '../features/shop/shop-page';
import { AlertsPage } from '../features/alerts/alerts-page';
import { DevMailsPage } from '../features/alerts/dev-mails-page';
import { FlowDesignerPage } from '../features/flows/designer/flow-designer-page';
import { MappingStudioPage } from '../features/mappings/mapping-studio-page';
import { RecordsPage } from '../features/dashboard/records-page';
import { RunsPage } from '../features/trail/runs-page';
import { RunPage } from '../features/trail/run-page';
import { RecordTrailPage } from '../features/trail/record-trail-page';
import { BillingPage } from '../features/billing/billing-page';
import { ReconciliationPage } from '../features/reconciliation/reconciliation-page';
import { ReconRunPage } from '../features/reconciliation/recon-run-page';
import { AnomaliesPage } from '../features/anomalies/anomalies-page';

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<PublicShell />}>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/invitations/accept" element={<InvitationAcceptPage />} />
          <Route path="/staff/sign-in" element={<StaffSignInPage />} />
          <Route path="/organisation-deleted" element={<OrganisationDeletedPage />} />
        </Route>
        <Route element={<RequireStaff />}>
          <Route element={<StaffShell />}>
            <Route path="/staff" element={<StaffConsolePage />} />
          </Route>
        </Route>
        <Route element={<RequireMember />}>
          <Route element={<MemberShell />}>
            <Route index element={<HomePage />} />
            <Route path="/onboarding" element={<OnboardingPage />} />
            <Route path="/flows" element={<FlowsPage />} />
            <Route path="/shop" element={<ShopPage />} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/reconciliation" element={<ReconciliationPage />} />
            <Route path="/anomalies" element={<AnomaliesPage />} />
            {/* Stripe comes back here: Checkout's success_url and cancel_url, the portal's return_url. */}
            <Route path="/billing" element={<BillingPage />} />
            <Route path="/dev/mails" element={<DevMailsPage />} />
            <Route path="/integrations/:integrationId/flows/:flowKey" element={<FlowDesignerPage />} />
            <Route path="/integrations/:integrationId/records" element={<RecordsPage />} />
            <Route path="/integrations/:integrationId/runs" element={<RunsPage />} />
            <Route path="/integrations/:integrationId/runs/:runId" element={<RunPage />} />
            <Route path="/integrations/:integrationId/trail/:recordKey" element={<RecordTrailPage />} />
            <Route path="/integrations/:integrationId/reconciliation/runs/:runId" element={<ReconRunPage />} />
            <Route path="/mappings" element={<MappingsPage />} />
            <Route path="/integrations/:integrationId/mappings/:entity/:direction" element={<MappingStudioPage />} />
            <Route path="/settings" element={<Navigate to="/settings/connections" replace />} />
            <Route path="/settings/connections" element={<ConnectionsPage />} />
            <Route path="/settings/integrations" element={<IntegrationsPage />} />
            <Route path="/settings/members" element={<MembersPage />} />
            <Route path="/settings/invitations" element={<InvitationsPage />} />
            <Route path="/settings/audit" element={<AuditPage />} />
            <Route path="/settings/organisation" element={<OrganisationPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
