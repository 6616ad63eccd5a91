import { useEffect, useState } from 'react';
import { EmptyState } from '../components/empty-state';
import { ErrorBoundary } from '../components/error-boundary';
import { ToastProvider } from '../components/toast';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { AppShell } from './app-shell';
import { Link, RouterProvider, useRouter } from './router';
import { matchRoute } from './routes';
import { SessionProvider, useSessionState } from './session';
import { SignInPage } from './sign-in-page';

/** The whole console: language, routing, toasts, then sign-in or the shell with the current page. */
export function App() {
  const [currency, setCurrency] = useState('USD');
  return (
    <I18nProvider currency={currency}>
      <RouterProvider>
        <ToastProvider>
          <Gate onCurrency={setCurrency} />
        </ToastProvider>
      </RouterProvider>
    </I18nProvider>
  );
}

function Gate({ onCurrency }: { onCurrency(currency: string): void }) {
  const { state, signIn } = useSessionState();
  const { t } = useI18n();
  const currency = state.status === 'signed-in' ? state.session.settings.currency : null;
  useEffect(() => {
    if (currency) onCurrency(currency);
  }, [currency, onCurrency]);

  if (state.status === 'checking') {
    return (
      <div className="signin" aria-busy="true">
        <p className="muted">{t('common.loading')}</p>
      </div>
    );
  }
  if (state.status === 'signed-out') {
    return <SignInPage expired={state.reason === 'expired'} onSignedIn={signIn} />;
  }
  return (
    <SessionProvider session={state.session}>
      <AppShell>
        <CurrentPage />
      </AppShell>
    </SessionProvider>
  );
}

function CurrentPage() {
  const { location } = useRouter();
  const { t } = useI18n();
  const route = matchRoute(location.path);
  if (!route) {
    return (
      <EmptyState title={t('notFound.title')}>
        <Link to="/">{t('notFound.back')}</Link>
      </EmptyState>
    );
  }
  const Page = route.page;
  // Keyed by the route, so a page's state starts fresh when you come back to it. The boundary is keyed
  // by the whole path, so a crash on /keys/a does not follow you to /keys/b or another page.
  return (
    <ErrorBoundary key={location.path}>
      <Page key={route.path} />
    </ErrorBoundary>
  );
}
