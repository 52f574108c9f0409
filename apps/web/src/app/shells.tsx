import { ReactNode, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../components/ui/button';
import { ErrorAlert, Loading } from '../components/ui/alert';
import { useMember, useSession, useSignOut, useSwitchTenant } from '../features/session/use-session';
import { ReauthPrompt } from '../features/session/reauth-prompt';
import { roleName } from '../features/session/roles';
import { useStaffSignOut } from '../features/staff/use-staff';
import { BillingBanners } from '../features/billing/billing-banners';

function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to content
    </a>
  );
}

function Brand({ suffix }: { suffix?: string }) {
  return <span className="brand">Ledgerbridge{suffix && <span className="brand-suffix"> {suffix}</span>}</span>;
}

function Main({ children }: { children: ReactNode }) {
  return (
    <main id="main" tabIndex={-1}>
      {children}
    </main>
  );
}

export function PublicShell() {
  return (
    <div className="shell">
      <SkipLink />
      <header className="topbar">
        <Brand />
        <span className="tagline">Sage X3 ↔ Xero, in step</span>
      </header>
      <Main>
        <Outlet />
      </Main>
    </div>
  );
}

/** Signed-in customers only; anyone else goes to the sign-in page and comes back afterwards. */
export function RequireMember() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending)
    return (
      <CenteredStatus>
        <Loading what="your session" />
      </CenteredStatus>
    );
  // Only when there is no session to show: a failed re-check must not unmount the page (and what is typed in it).
  if (!session.data)
    return (
      <CenteredStatus>
        <ErrorAlert error={session.error} title="Ledgerbridge cannot be reached" />
      </CenteredStatus>
    );
  if (!session.data.signedIn) {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to={returnTo === '/' ? '/sign-in' : `/sign-in?${new URLSearchParams({ returnTo })}`} replace />;
  }
  return <Outlet />;
}

export function RequireStaff() {
  const session = useSession();
  if (session.isPending)
    return (
      <CenteredStatus>
        <Loading what="your session" />
      </CenteredStatus>
    );
  // Only when there is no session to show: a failed re-check must not unmount the page (and what is typed in it).
  if (!session.data)
    return (
      <CenteredStatus>
        <ErrorAlert error={session.error} title="Ledgerbridge cannot be reached" />
      </CenteredStatus>
    );
  if (!session.data.staff?.mfaComplete) return <Navigate to="/staff/sign-in" replace />;
  return <Outlet />;
}

function CenteredStatus({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <Main>{children}</Main>
    </div>
  );
}

function TenantSwitcher() {
  const { tenant, tenants } = useMember();
  const switchTenant = useSwitchTenant();
  const navigate = useNavigate();
  if (tenants.length < 2) return <span className="tenant-name">{tenant.name}</span>;
  return (
    <div className="tenant-switcher">
      <label htmlFor="tenant-switch" className="visually-hidden">
        Organisation
      </label>
      <select
        id="tenant-switch"
        value={tenant.id}
        disabled={switchTenant.isPending}
        onChange={(e) => switchTenant.mutate(e.target.value, { onSuccess: () => void navigate('/') })}
      >
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({roleName(t.role)})
          </option>
        ))}
      </select>
      {switchTenant.error && <ErrorAlert error={switchTenant.error} />}
    </div>
  );
}

const NAV: Array<{ to: string; label: string; adminOnly?: boolean }> = [
  { to: '/', label: 'Overview' },
  { to: '/onboarding', label: 'Set-up' },
  { to: '/flows', label: 'Flows' },
  { to: '/mappings', label: 'Mappings' },
  { to: '/reconciliation', label: 'Reconciliation' },
  { to: '/anomalies', label: 'Anomalies' },
  { to: '/shop', label: 'Online shop' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/settings/connections', label: 'Connections' },
  { to: '/settings/integrations', label: 'Integrations' },
  { to: '/settings/members', label: 'Users and roles' },
  { to: '/settings/invitations', label: 'Invitations', adminOnly: true },
  { to: '/settings/audit', label: 'Audit log', adminOnly: true },
  { to: '/settings/organisation', label: 'Organisation' },
  { to: '/billing', label: 'Billing' },
];

/** The main navigation; on a phone a Menu button opens it (a wrapped row of links took three lines). */
function MainNav({ canEdit }: { canEdit: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <nav className="mainnav" aria-label="Main">
      <button
        type="button"
        className="menu-toggle"
        aria-expanded={open}
        aria-controls="mainnav-links"
        onClick={() => setOpen((o) => !o)}
      >
        Menu
      </button>
      <ul id="mainnav-links" className={open ? 'open' : undefined}>
        {NAV.filter((n) => canEdit || !n.adminOnly).map((n) => (
          <li key={n.to}>
            <NavLink to={n.to} end={n.to === '/'} onClick={() => setOpen(false)}>
              {n.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function MemberShell() {
  const { user, role, canEdit } = useMember();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <div className="shell">
      <SkipLink />
      <header className="topbar">
        <Brand />
        <TenantSwitcher />
        <div className="user-menu">
          <span className="user-name">
            {user.displayName || user.email} <span className="role-tag">{roleName(role)}</span>
          </span>
          <Button
            variant="link"
            className="on-dark"
            busy={signOut.isPending}
            onClick={() => signOut.mutate(undefined, { onSuccess: () => void navigate('/sign-in') })}
          >
            Sign out
          </Button>
        </div>
      </header>
      <MainNav canEdit={canEdit} />
      <Main>
        {signOut.error && <ErrorAlert error={signOut.error} title="Could not sign out" />}
        <ReauthPrompt />
        <BillingBanners />
        <Outlet />
      </Main>
    </div>
  );
}

export function StaffShell() {
  const session = useSession();
  const signOut = useStaffSignOut();
  const navigate = useNavigate();
  const client = useQueryClient();
  return (
    <div className="shell staff">
      <SkipLink />
      <header className="topbar topbar-staff">
        <Brand suffix="Support" />
        <div className="user-menu">
          <span className="user-name">{session.data?.staff?.email}</span>
          <Button
            variant="link"
            className="on-dark"
            busy={signOut.isPending}
            onClick={() =>
              signOut.mutate(undefined, {
                onSuccess: () => {
                  client.clear();
                  void navigate('/staff/sign-in');
                },
              })
            }
          >
            Sign out
          </Button>
        </div>
      </header>
      <Main>
        {signOut.error && <ErrorAlert error={signOut.error} title="Could not sign out" />}
        <ReauthPrompt />
        <Outlet />
      </Main>
    </div>
  );
}
