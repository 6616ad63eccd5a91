import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n/i18n';
import { AuditPage } from '../pages/audit-page';
import { ChannelsPage } from '../pages/channels-page';
import { DashboardPage } from '../pages/dashboard-page';
import { KeysPage } from '../pages/keys-page';
import { LogsPage } from '../pages/logs-page';
import { ModelsPage } from '../pages/models-page';
import { PlaygroundPage } from '../pages/playground-page';
import { SettingsPage } from '../pages/settings-page';
import { TeamsPage } from '../pages/teams-page';

export interface RouteEntry {
  /** First path segment under /console (`/` is the dashboard); deeper paths (`/keys/key_1`) match too. */
  path: string;
  /** Sidebar label and page title. */
  label: MessageKey;
  page: ComponentType;
}

/** The sidebar, in order. A page is one file in web/src/pages/; add it here to give it a route. */
export const ROUTES: readonly RouteEntry[] = [
  { path: '/', label: 'nav.dashboard', page: DashboardPage },
  { path: '/keys', label: 'nav.keys', page: KeysPage },
  { path: '/teams', label: 'nav.teams', page: TeamsPage },
  { path: '/channels', label: 'nav.channels', page: ChannelsPage },
  { path: '/models', label: 'nav.models', page: ModelsPage },
  { path: '/logs', label: 'nav.logs', page: LogsPage },
  { path: '/playground', label: 'nav.playground', page: PlaygroundPage },
  { path: '/audit', label: 'nav.audit', page: AuditPage },
  { path: '/settings', label: 'nav.settings', page: SettingsPage },
];

export function matchRoute(path: string): RouteEntry | null {
  if (path === '/' || path === '') return ROUTES[0] ?? null;
  return (
    ROUTES.find(
      (route) => route.path !== '/' && (path === route.path || path.startsWith(`${route.path}/`)),
    ) ?? null
  );
}
