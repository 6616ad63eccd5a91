import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

/** A search input that reports its text after typing pauses (300 ms), so each key press is not a request. */
export function SearchBox({ onSearch, label }: { onSearch(text: string): void; label: string }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => onSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, onSearch]);
  return (
    <label className="tn-search-box">
      <span className="visually-hidden">{label}</span>
      <input
        type="search"
        placeholder={t('common.search')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        data-testid="search"
        aria-label={label}
      />
    </label>
  );
}
