import { createContext, useContext } from 'react';
import { Billy } from '@billy/client';

/** The key lives in sessionStorage: gone with the tab, never in a URL or a cookie. */
const STORAGE_KEY = 'billy.apiKey';

export const savedApiKey = (): string | null => sessionStorage.getItem(STORAGE_KEY);
export const saveApiKey = (apiKey: string) => sessionStorage.setItem(STORAGE_KEY, apiKey);
export const forgetApiKey = () => sessionStorage.removeItem(STORAGE_KEY);

/** The console calls only the public API, on the server that served it. */
export const clientFor = (apiKey: string) => new Billy({ apiKey, baseUrl: window.location.origin });

export interface Session {
  billy: Billy;
  apiKey: string;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}

export const useBilly = () => useSession().billy;
