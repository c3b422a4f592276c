import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api';
import type { Lang, T } from './i18n';
import type { Capabilities, Session } from './session';
import type { Agency } from './types';

export interface AppContext {
  t: T;
  lang: Lang;
  setLang(lang: Lang): void;
  session: Session;
  can: Capabilities;
  api: Api;
  /** the engine's "now" (business and record time) as of the last summary read: dates default from it */
  serverNow: string;
  setServerNow(iso: string): void;
  agencies: Agency[];
  notify(message: string, kind?: 'ok' | 'error'): void;
  signOut(): void;
}

export const Ctx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('outside the signed-in application');
  return ctx;
}
