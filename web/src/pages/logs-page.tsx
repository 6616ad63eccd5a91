import { useRouter } from '../app/router';
import { PageHeader } from '../components/page-header';
import { useI18n } from '../i18n/i18n';
import { LogDetail } from './logs/log-detail';
import { LogList } from './logs/log-list';

/**
 * Logs: usage records with filters kept in the URL (`/logs?model=…&status=…`) and keyset paging;
 * `/logs/<request id>` is one record's detail (linkable, and Back returns to the same filtered list).
 */
export function LogsPage() {
  const { t } = useI18n();
  const { location } = useRouter();
  const requestId = location.path.startsWith('/logs/')
    ? decodeURIComponent(location.path.slice('/logs/'.length))
    : null;
  return (
    <>
      <PageHeader title={t('nav.logs')} description={t('page.logs.description')} />
      {requestId ? <LogDetail requestId={requestId} /> : <LogList />}
    </>
  );
}
