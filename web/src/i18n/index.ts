// UI strings: one JSON file per area and language under i18n/<lang>/<area>.json.
// zh-CN is the default; the user's choice is kept in localStorage.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCommon from './zh-CN/common.json';
import zhLogin from './zh-CN/login.json';
import zhHome from './zh-CN/home.json';
import zhSystem from './zh-CN/system.json';
import zhException from './zh-CN/exception.json';
import zhForms from './zh-CN/forms.json';
import zhRecords from './zh-CN/records.json';
import zhRules from './zh-CN/rules.json';
import zhTasks from './zh-CN/tasks.json';
import zhNotify from './zh-CN/notify.json';
import zhClinic from './zh-CN/clinic.json';
import zhAppointments from './zh-CN/appointments.json';
import enCommon from './en-US/common.json';
import enLogin from './en-US/login.json';
import enHome from './en-US/home.json';
import enSystem from './en-US/system.json';
import enException from './en-US/exception.json';
import enForms from './en-US/forms.json';
import enRecords from './en-US/records.json';
import enRules from './en-US/rules.json';
import enTasks from './en-US/tasks.json';
import enNotify from './en-US/notify.json';
import enClinic from './en-US/clinic.json';
import enAppointments from './en-US/appointments.json';

export const languages = ['zh-CN', 'en-US'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'zh-CN';
export const languageStorageKey = 'peony.lang';

export const resources = {
  'zh-CN': {
    common: zhCommon,
    login: zhLogin,
    home: zhHome,
    system: zhSystem,
    exception: zhException,
    forms: zhForms,
    records: zhRecords,
    rules: zhRules,
    tasks: zhTasks,
    notify: zhNotify,
    clinic: zhClinic,
    appointments: zhAppointments,
  },
  'en-US': {
    common: enCommon,
    login: enLogin,
    home: enHome,
    system: enSystem,
    exception: enException,
    forms: enForms,
    records: enRecords,
    rules: enRules,
    tasks: enTasks,
    notify: enNotify,
    clinic: enClinic,
    appointments: enAppointments,
  },
} as const;

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(languageStorageKey);
    return isLanguage(value) ? value : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
}

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: defaultLanguage,
  supportedLngs: [...languages],
  ns: Object.keys(resources[defaultLanguage]),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

/** The language the UI shows now; also sent to the server as Accept-Language. */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : defaultLanguage;
}

/** Switches the UI language and remembers the choice for the next visit. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(languageStorageKey, language);
  } catch {
    // Private mode or storage disabled: the switch still applies to this visit.
  }
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language: string) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = currentLanguage();

export default i18n;
