// Who is signed in: probes /auth/me once at start, keeps the user and CSRF token,
// and sends the browser to /login when any call finds the session gone.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { deriveAccess } from '../access';
import type { Access } from '../access';
import { isApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import * as api from '../api/endpoints';
import type { SessionReply, User } from '../api/types';

export type AuthStatus = 'loading' | 'signedIn' | 'signedOut' | 'failed';

export interface AuthValue {
  status: AuthStatus;
  user: User | null;
  access: Access;
  /** Message of the start-up probe's failure when status is "failed" (server down…). */
  probeError: string | null;
  /** Call with the reply of a successful login. */
  signIn: (reply: SessionReply) => void;
  /** Ends the session on the server (best effort) and locally. */
  signOut: () => Promise<void>;
  /** Probes /auth/me again. */
  reload: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export interface LoginLocationState {
  from?: string;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [probeError, setProbeError] = useState<string | null>(null);
  const navigate = useNavigate();
  const location = useLocation();

  const signIn = useCallback((reply: SessionReply) => {
    setCsrfToken(reply.csrf_token);
    setUser(reply.user);
    setStatus('signedIn');
  }, []);

  const clear = useCallback(() => {
    setCsrfToken(null);
    setUser(null);
    setStatus('signedOut');
  }, []);

  const reload = useCallback(async () => {
    setStatus('loading');
    try {
      signIn(await api.me());
    } catch (error) {
      if (isApiError(error) && error.status === 401) {
        clear();
      } else {
        setProbeError(error instanceof Error ? error.message : String(error));
        setStatus('failed');
      }
    }
  }, [clear, signIn]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // The session may already be gone on the server; signing out locally is what matters.
    }
    clear();
    navigate('/login', { replace: true });
  }, [clear, navigate]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const currentPath = location.pathname + location.search;
  useEffect(() => {
    setUnauthorizedHandler(() => {
      clear();
      if (currentPath === '/login') return;
      const state: LoginLocationState = { from: currentPath };
      navigate('/login', { replace: true, state });
    });
  }, [clear, currentPath, navigate]);

  const value = useMemo<AuthValue>(
    () => ({ status, user, access: deriveAccess(user), probeError, signIn, signOut, reload }),
    [status, user, probeError, signIn, signOut, reload],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
