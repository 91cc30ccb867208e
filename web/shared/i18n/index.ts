export { I18nProvider, useI18n, LANGS, LANG_STORAGE_KEY, readStoredLang } from './i18n'
export type { I18n, Lang, MessageParams } from './i18n'
export type { MessageKey, Messages } from './messages.zh'
