import { LANGUAGES, type Language, useI18n } from '../i18n/i18n';

/** The console's language switch (a labelled `<select>`), in the top bar and on the sign-in page. */
export function LanguageSelect({ className, testId }: { className?: string; testId?: string }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className={className ? `language-select ${className}` : 'language-select'}>
      <span className="visually-hidden">{t('topbar.language')}</span>
      <select
        value={language}
        onChange={(event) => setLanguage(event.target.value as Language)}
        data-testid={testId}
      >
        {LANGUAGES.map((option) => (
          <option key={option.code} value={option.code}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
