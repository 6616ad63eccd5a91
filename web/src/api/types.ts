/**
 * Shapes of admin API answers the shell itself uses. Page-specific shapes belong beside their page
 * (or here when two pages share one); keep them to the fields the console reads.
 */
export type AdminRole = 'admin' | 'viewer';

/** `GET /admin/me`. */
export interface AdminMe {
  object: 'admin';
  id: string;
  name: string;
  role: AdminRole;
}

/** `GET /admin/settings` (the fields the shell reads; pages may read more). */
export interface AdminSettings {
  object: 'settings';
  currency: string;
  [field: string]: unknown;
}
