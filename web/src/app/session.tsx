import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiClient } from '../api/client';
import type { AdminMe, AdminRole, AdminSettings } from '../api/types';

/** The admin key lives in sessionStorage only: this tab, until sign-out or the tab closes. */
export const SESSION_KEY_STORAGE = 'opt.console.adminKey';

export interface Session {
  key: string;
  me: AdminMe;
  settings: AdminSettings;
  api: ApiClient;
  signOut(): void;
  /** Re-reads `/admin/settings` (after the Settings page changes something). */
  reloadSettings(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function readStoredKey(): string | null {
  try {
    return sessionStorage.getItem(SESSION_KEY_STORAGE);
  } catch {
    return null;
  }
}

function storeKey(key: string | null): void {
  try {
    if (key === null) sessionStorage.removeItem(SESSION_KEY_STORAGE);
    else sessionStorage.setItem(SESSION_KEY_STORAGE, key);
  } catch {
    // Storage blocked: the session lasts until reload.
  }
}

/** Checks a key against the API: who it is and the gateway's settings. Throws ApiError on refusal. */
export async function verifyKey(key: string): Promise<{ me: AdminMe; settings: AdminSettings }> {
  const api = new ApiClient(key);
  const [me, settings] = await Promise.all([
    api.get<AdminMe>('/admin/me'),
    api.get<AdminSettings>('/admin/settings'),
  ]);
  return { me, settings };
}

export type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out'; reason: 'expired' | null }
  | { status: 'signed-in'; session: Session };

/** Owns sign-in state: restores the key from sessionStorage at load, signs in and out. */
export function useSessionState(): {
  state: SessionState;
  signIn(key: string, verified: { me: AdminMe; settings: AdminSettings }): void;
} {
  const [state, setState] = useState<SessionState>(() =>
    readStoredKey() ? { status: 'checking' } : { status: 'signed-out', reason: null },
  );

  const signOut = useCallback((reason: 'expired' | null = null) => {
    storeKey(null);
    setState({ status: 'signed-out', reason });
  }, []);

  const signIn = useCallback(
    (key: string, verified: { me: AdminMe; settings: AdminSettings }) => {
      storeKey(key);
      const api = new ApiClient(key, () => signOut('expired'));
      const session: Session = {
        key,
        api,
        ...verified,
        signOut: () => signOut(null),
        reloadSettings: async () => {
          const settings = await api.get<AdminSettings>('/admin/settings');
          setState((current) =>
            current.status === 'signed-in'
              ? { status: 'signed-in', session: { ...current.session, settings } }
              : current,
          );
        },
      };
      setState({ status: 'signed-in', session });
    },
    [signOut],
  );

  // A reload of the page: the stored key is checked again before anything is shown.
  useEffect(() => {
    const key = readStoredKey();
    if (!key) return;
    verifyKey(key).then(
      (verified) => signIn(key, verified),
      (error: { status?: number }) => signOut(error.status === 401 ? 'expired' : null),
    );
  }, [signIn, signOut]);

  return { state, signIn };
}

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside a signed-in <SessionProvider>.');
  return session;
}

export interface RoleInfo {
  role: AdminRole;
  /** False for viewers: disable or hide every control that changes something. */
  canWrite: boolean;
}

/** The signed-in key's role. The API enforces it; the UI only reflects it. */
export function useRole(): RoleInfo {
  const { me } = useSession();
  return useMemo(() => ({ role: me.role, canWrite: me.role === 'admin' }), [me.role]);
}
