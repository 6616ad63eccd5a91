import type { Messages } from './en';
import { channelsZhCN } from './messages/channels';
import { dashboardZhCN } from './messages/dashboard';
import { logsAuditZhCN } from './messages/logs-audit';
import { modelsSettingsZhCN } from './messages/models-settings';
import { playgroundZhCN } from './messages/playground';
import { shellZhCN } from './messages/shell';
import { tenancyZhCN } from './messages/tenancy';

/** Simplified Chinese. Typed `Messages`: every key of `en` must be here, and nothing else. */
export const zhCN: Messages = {
  ...shellZhCN,
  ...dashboardZhCN,
  ...tenancyZhCN,
  ...channelsZhCN,
  ...modelsSettingsZhCN,
  ...logsAuditZhCN,
  ...playgroundZhCN,
};
