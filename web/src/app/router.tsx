import {
  type AnchorHTMLAttributes,
  createContext,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';

/**
 * A tiny history router: paths under `/console` (the server answers every one with index.html).
 * Routes are written without the base: `/keys`, `/logs?model=x`. Query parameters are part of the
 * location so filters survive a reload and can be linked to.
 */
export const BASE_PATH = '/console';

export interface Location {
  /** Path without the base, always starting with `/` (`/` is the dashboard). */
  path: string;
  /** The query string's parameters. */
  query: URLSearchParams;
}

interface RouterValue {
  location: Location;
  navigate(to: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<RouterValue | null>(null);

function readLocation(): Location {
  let path = window.location.pathname;
  if (path.startsWith(BASE_PATH)) path = path.slice(BASE_PATH.length);
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { path, query: new URLSearchParams(window.location.search) };
}

export function toHref(to: string): string {
  return `${BASE_PATH}${to.startsWith('/') ? to : `/${to}`}`;
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(readLocation);

  useEffect(() => {
    const onPop = () => setLocation(readLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    const href = toHref(to);
    if (options.replace) window.history.replaceState(null, '', href);
    else window.history.pushState(null, '', href);
    setLocation(readLocation());
    window.scrollTo(0, 0);
  }, []);

  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter must be used inside <RouterProvider>.');
  return router;
}

/** Reads and writes one query parameter of the current location (filters, tabs, selected ids). */
export function useQueryParam(name: string): [string | null, (value: string | null) => void] {
  const { location, navigate } = useRouter();
  const value = location.query.get(name);
  const setValue = useCallback(
    (next: string | null) => {
      const query = new URLSearchParams(location.query);
      if (next === null || next === '') query.delete(name);
      else query.set(name, next);
      const text = query.toString();
      navigate(`${location.path}${text ? `?${text}` : ''}`, { replace: true });
    },
    [location, name, navigate],
  );
  return [value, setValue];
}

/** An `<a>` to a console route: a real link (open in new tab works), navigating in place on a plain click. */
export function Link({
  to,
  children,
  ...rest
}: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const { navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a {...rest} href={toHref(to)} onClick={onClick}>
      {children}
    </a>
  );
}
