// i18next set up once (STYLE.md: third-party state behind one app-owned module). English and Spanish from day one.
// Dictionaries are flat (keys like `rules.g6pd.deficient` contain dots), gathered from src/web/locales (engine and
// clinical text) and from each feature's own locales folder, so a feature owns its words.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

type Dictionary = Record<string, string>;

const shared = import.meta.glob<Dictionary>('../locales/*/*.json', { eager: true, import: 'default' });
const perFeature = import.meta.glob<Dictionary>('../features/*/locales/*.json', {
  eager: true,
  import: 'default',
});

/** Merges every dictionary of one language: `../locales/en/rules.json` and `../features/x/locales/en.json`. */
function dictionaryFor(language: Language): Dictionary {
  const merged: Dictionary = {};
  for (const [path, dictionary] of Object.entries(shared)) {
    if (path.split('/').at(-2) === language) Object.assign(merged, dictionary);
  }
  for (const [path, dictionary] of Object.entries(perFeature)) {
    if (path.endsWith(`/${language}.json`)) Object.assign(merged, dictionary);
  }
  return merged;
}

const STORAGE_KEY = 'o3care.language';

/** The language this browser's user chose, if any; otherwise the clinic's default is applied later. */
function storedLanguage(): Language | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(
    LANGUAGES.map((language) => [language, { translation: dictionaryFor(language) }]),
  ),
  lng: storedLanguage() ?? 'en',
  fallbackLng: 'en',
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

function applyDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
}
applyDocumentLanguage(i18n.language);
i18n.on('languageChanged', applyDocumentLanguage);

/** The user picked a language: remember it on this browser and switch. */
export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  void i18n.changeLanguage(language);
}

/** The clinic's default applies only when the user has not chosen. */
export function applyClinicDefault(language: Language): void {
  if (!storedLanguage() && i18n.language !== language) void i18n.changeLanguage(language);
}

/** Asks the server for the clinic's default language once, at start-up; English if it cannot say. */
export async function loadClinicDefault(): Promise<void> {
  try {
    const response = await fetch('/api/clinic', { credentials: 'same-origin' });
    const body = (await response.json()) as { defaultLanguage?: unknown };
    if (isLanguage(body.defaultLanguage)) applyClinicDefault(body.defaultLanguage);
  } catch {
    // Offline or an older server: keep English.
  }
}
