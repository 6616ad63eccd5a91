import { type ReactNode, useEffect, useRef } from 'react';
import { LanguageSelect } from '../components/language-select';
import { useI18n } from '../i18n/i18n';
import { Link, useRouter } from './router';
import { ROUTES } from './routes';
import { useRole, useSession } from './session';

/** Sidebar, top bar and the page. The page's `<main>` gets focus on navigation, for keyboard users. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { location } = useRouter();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves when the path changes.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [location.path]);

  const active = (path: string) =>
    path === '/' ? location.path === '/' : location.path === path || location.path.startsWith(`${path}/`);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <nav aria-label={t('nav.main')}>
          <ul className="nav-list">
            {ROUTES.map((route) => (
              <li key={route.path}>
                <Link
                  to={route.path}
                  className={active(route.path) ? 'nav-link active' : 'nav-link'}
                  aria-current={active(route.path) ? 'page' : undefined}
                  data-nav={route.path}
                >
                  {t(route.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="shell-main">
        <TopBar />
        <main id="main" ref={main} tabIndex={-1} className="page">
          {children}
        </main>
      </div>
    </div>
  );
}

function TopBar() {
  const { t } = useI18n();
  const { me, signOut } = useSession();
  const { role, canWrite } = useRole();
  return (
    <header className="topbar">
      <div className="topbar-left">
        {!canWrite && (
          <span className="readonly-hint" role="note">
            {t('role.readOnlyHint')}
          </span>
        )}
      </div>
      <div className="topbar-right">
        <LanguageSelect testId="language-select" />
        <span className="whoami" title={t('topbar.signedInAs', { name: me.name })}>
          {me.name}
        </span>
        <span className={`badge role-${role}`} data-testid="role-badge" data-role={role}>
          {t(role === 'admin' ? 'role.admin' : 'role.viewer')}
        </span>
        <button type="button" className="button ghost" onClick={signOut}>
          {t('topbar.signOut')}
        </button>
      </div>
    </header>
  );
}
