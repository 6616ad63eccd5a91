/** `GET /admin/audit` rows. */
export interface AuditView {
  id: string;
  object: 'audit_entry';
  created_at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before: unknown;
  after: unknown;
}

/** Target types the audit log records (the `target_type` filter). */
export const AUDIT_TARGET_TYPES = ['team', 'key', 'member', 'price', 'admin_key', 'channel'] as const;

/** Actions OPT records, offered as suggestions for the `action` filter (any text is accepted). */
export const AUDIT_ACTIONS = [
  'admin_key.create',
  'admin_key.revoke',
  'channel.create',
  'channel.update',
  'channel.enable',
  'channel.disable',
  'channel.delete',
  'channel.key_enable',
  'key.create',
  'key.update',
  'key.enable',
  'key.disable',
  'key.revoke',
  'ledger.grant',
  'ledger.reset',
  'member.put',
  'member.delete',
  'price.put',
  'price.delete',
  'team.create',
  'team.update',
  'team.enable',
  'team.disable',
  'team.delete',
] as const;
