import { en } from './en';
import { vi } from './vi';

/** Vietnamese first; English as a switch. One dictionary file per language, the same keys in both. */
export type Lang = 'vi' | 'en';
export type Key = keyof typeof vi;
export type Dict = Record<Key, string>;
export type T = (key: Key, params?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Dict> = { vi, en };
const LANG_KEY = 'dle.lang';

export function translator(lang: Lang): T {
  const dict = dictionaries[lang];
  return (key, params) => {
    const text = dict[key] ?? vi[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}

/** Whether a string is a key of the dictionaries (event types, statuses… read from the API). */
export const isKey = (key: string): key is Key => key in vi;

export function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  return saved === 'en' || saved === 'vi' ? saved : 'vi';
}

export function saveLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}
