// English or Spanish, for this user on this browser (the clinic's default applies until they choose).
import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../lib/i18n.ts';
import { chooseLanguage, isLanguage } from '../lib/i18n.ts';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const current: Language = isLanguage(i18n.language) ? i18n.language : 'en';
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={current}
      onChange={(value) => {
        if (isLanguage(value)) chooseLanguage(value);
      }}
      data={[
        { value: 'en', label: 'English' },
        { value: 'es', label: 'Español' },
      ]}
    />
  );
}
