import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en, type MessageKey, type Messages } from './en';
import { createFormatters, type Formatters } from './format';
import { zhCN } from './zh-cn';

export type Language = 'en' | 'zh-CN';

export const LANGUAGES: ReadonlyArray<{ code: Language; label: string }> = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '中文' },
];

const DICTIONARIES: Record<Language, Messages> = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'opt.console.language';

/** The remembered choice, else the browser's language (any Chinese → zh-CN), else English. */
export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // Storage blocked: fall through to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export type TranslateParams = Record<string, string | number>;

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  /** The message for `key` in the current language, with `{name}` placeholders filled from `params`. */
  t(key: MessageKey, params?: TranslateParams): string;
  /** Numbers, money, dates and durations in the current locale. */
  format: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ currency, children }: { currency: string; children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered when storage is blocked; the switch still applies to this page.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = DICTIONARIES[language];
    return {
      language,
      setLanguage,
      t: (key, params) => {
        const text = messages[key];
        if (!params) return text;
        return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
          name in params ? String(params[name]) : whole,
        );
      },
      format: createFormatters(language, currency),
    };
  }, [language, setLanguage, currency]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n must be used inside <I18nProvider>.');
  return context;
}

export type { MessageKey } from './en';
