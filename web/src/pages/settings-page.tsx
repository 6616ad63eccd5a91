import { useApiQuery } from '../api/use-api';
import { ErrorBanner } from '../components/error-banner';
import { PageHeader } from '../components/page-header';
import { useI18n } from '../i18n/i18n';
import { AdminKeysCard } from './settings/admin-keys-card';
import { SettingsSections } from './settings/settings-sections';
import type { SettingsDetails } from './settings/settings-types';

/**
 * Settings: what OPT runs with (read-only: it is set in opt.yaml and the environment, and a restart
 * applies changes) and the admin keys of this console and API.
 */
export function SettingsPage() {
  const { t } = useI18n();
  const settings = useApiQuery(
    (client, signal) => client.get<SettingsDetails>('/admin/settings', undefined, signal),
    [],
  );
  return (
    <>
      <PageHeader title={t('nav.settings')} description={t('page.settings.description')} />
      <p className="note">{t('settings.readOnlyNote')}</p>
      <ErrorBanner error={settings.error} onRetry={settings.reload} />
      {settings.data ? (
        <SettingsSections settings={settings.data} />
      ) : (
        !settings.error && <div className="settings-skeleton" aria-busy="true" />
      )}
      <AdminKeysCard />
    </>
  );
}
