import { channelsEn } from './messages/channels';
import { dashboardEn } from './messages/dashboard';
import { logsAuditEn } from './messages/logs-audit';
import { modelsSettingsEn } from './messages/models-settings';
import { playgroundEn } from './messages/playground';
import { shellEn } from './messages/shell';
import { tenancyEn } from './messages/tenancy';

/**
 * English messages: the reference dictionary, assembled from one file per area of the console
 * (`messages/`, each holding its English and Chinese texts side by side). Every other language is typed
 * `Messages`, so a key missing there (or misspelt) is a compile error. Keys are flat, `area.thing`;
 * `{name}` is a placeholder.
 */
export const en = {
  ...shellEn,
  ...dashboardEn,
  ...tenancyEn,
  ...channelsEn,
  ...modelsSettingsEn,
  ...logsAuditEn,
  ...playgroundEn,
} as const;

export type MessageKey = keyof typeof en;
export type Messages = { readonly [K in MessageKey]: string };
