// The audit log in words: an action's name instead of its code, a target's name instead of its
// id. Codes the SPA does not know yet are still shown readably (never hidden).

const ACTIONS: Record<string, string> = {
  'tenant.created': 'Organisation created',
  'tenant.renamed': 'Organisation renamed',
  'tenant.exported': 'Organisation data exported',
  'tenant.deletion_requested': 'Organisation deletion requested',
  'user.signed_in': 'Signed in',
  'member.invited': 'Invitation sent',
  'member.invitation_revoked': 'Invitation withdrawn',
  'member.invitation_link_viewed': 'Invitation link copied',
  'member.joined': 'Joined',
  'member.removed': 'Member removed',
  'member.role_changed': 'Role changed',
  'connection.xero_connected': 'Xero organisation connected',
  'connection.xero_disconnected': 'Xero organisation disconnected',
  'connection.x3_connected': 'Sage X3 connected',
  'connection.x3_credentials_rotated': 'Sage X3 credentials changed',
  'connection.x3_removed': 'Sage X3 connection deleted',
  'integration.created': 'Xero and Sage X3 paired',
  'integration.removed': 'Pairing removed',
  'integration.repointed': 'Pairing changed',
  'integration.nudge_token_rotated': 'X3 nudge token changed',
  'flow.installed': 'Starter flows installed',
  'flow.enabled': 'Flow switched on',
  'flow.disabled': 'Flow switched off',
  'flow.saved': 'Flow saved',
  'flow.run_now': 'Flow run started',
  'flow.run.approved': 'Flow run step approved',
  'flow.run.rejected': 'Flow run step rejected',
  'mapping.saved': 'Mapping saved',
  'mapping.rolled_back': 'Mapping rolled back',
  'matching.run': 'Record matching run',
  'matching.confirmed': 'Matches confirmed',
  'sync.dead_letters_replayed': 'Failed records replayed',
  'sync.deletion_approved': 'Deletion approved',
  'sync.held_change_dismissed': 'Held change dismissed',
  'alert_rule.created': 'Alert rule added',
  'alert_rule.deleted': 'Alert rule deleted',
  'shop_connection.created': 'Online shop connected',
  'shop_event.replayed': 'Shop order replayed',
  'sandbox.trial_started': 'Sandbox started',
  'support.access_granted': 'Support access granted',
  'staff.support_read': 'Support viewed data',
  'reporting.key_created': 'Reporting key created',
  'reporting.key_revoked': 'Reporting key revoked',
};

const TARGETS: Record<string, string> = {
  tenant: 'Organisation',
  user: 'Person',
  invitation: 'Invitation',
  xero_connection: 'Xero organisation',
  x3_connection: 'Sage X3 connection',
  integration: 'Pairing',
  flow_version: 'Flow',
  flow_run: 'Flow run',
  mapping_version: 'Mapping',
  mapping_suggestion: 'Mapping suggestion',
  alert_rule: 'Alert rule',
  support_grant: 'Support access',
  pending_change: 'Held change',
  anomaly_finding: 'Unusual record',
  reporting_key: 'Reporting key',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "member.role_changed" → "Member: role changed" for a code without a name of its own. */
const humanise = (code: string) => {
  const [head, ...rest] = code.split('.');
  const words = (s: string) => s.replace(/_/g, ' ');
  const first = words(head).charAt(0).toUpperCase() + words(head).slice(1);
  return rest.length ? `${first}: ${rest.map(words).join(' ')}` : first;
};

export const actionName = (code: string): string => ACTIONS[code] ?? humanise(code);

/** The details' name for the target, where the entry carries one. */
const NAME_KEYS = ['organisation', 'name', 'email', 'to', 'flowKey', 'entity'];

export interface AuditLike {
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

/** A target as "Xero organisation Kauri Traders" (or the person's name); never a bare id. */
export function targetName(e: AuditLike, names: Map<string, string> = new Map()): string {
  if (!e.targetType) return '—';
  const kind = TARGETS[e.targetType] ?? humanise(e.targetType);
  const known = e.targetId ? names.get(e.targetId) : undefined;
  const fromDetails = NAME_KEYS.map((k) => e.details?.[k]).find((v) => typeof v === 'string' && !UUID.test(v));
  const name = known ?? (fromDetails as string | undefined);
  return name ? `${kind} ${name}` : kind;
}

/** Details without ids (they name nothing to a reader); keys in words. */
export function detailsText(details: Record<string, unknown>, names: Map<string, string> = new Map()): string {
  return Object.entries(details ?? {})
    .filter(([k, v]) => !(typeof v === 'string' && UUID.test(v) && !names.has(v)) && !/Id$/.test(k))
    .map(([k, v]) => {
      const text = typeof v === 'string' ? (names.get(v) ?? v) : JSON.stringify(v);
      return `${k
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .replace(/_/g, ' ')
        .toLowerCase()}: ${text}`;
    })
    .join(' · ');
}
