// Language of the UI: 简体中文 (default) or English, chosen by the user, remembered in localStorage
// and mirrored to <html lang>. Area names are data and stay as the server sends them.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { zh, type MessageKey, type Messages } from './messages.zh'
import { en } from './messages.en'

export type Lang = 'zh-CN' | 'en-US'
export const LANGS: readonly { value: Lang; label: string; short: string }[] = [
  { value: 'zh-CN', label: '简体中文', short: '中' },
  { value: 'en-US', label: 'English', short: 'EN' },
]
export const LANG_STORAGE_KEY = 'frontline.lang'
const DICTIONARIES: Record<Lang, Messages> = { 'zh-CN': zh, 'en-US': en }

export type MessageParams = Record<string, string | number>

/** Reads the remembered language; accepts the short forms ("zh", "en") too. */
export function readStoredLang(): Lang {
  let raw: string | null = null
  try {
    raw = localStorage.getItem(LANG_STORAGE_KEY)
  } catch {
    raw = null
  }
  if (raw && raw.toLowerCase().startsWith('en')) return 'en-US'
  return 'zh-CN'
}

function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

export interface I18n {
  lang: Lang
  setLang: (lang: Lang) => void
  /** The message for a key in the current language. */
  t: (key: MessageKey, params?: MessageParams) => string
  /** The message for a key built at run time (e.g. an API error code), or undefined when there is none. */
  tryT: (key: string, params?: MessageParams) => string | undefined
  fmt: {
    /** A number with a fixed count of decimals, grouped by the locale. */
    number: (value: number, decimals?: number) => string
    km2: (value: number) => string
    m2: (value: number) => string
    /** An ISO timestamp as a local date and time. */
    dateTime: (iso: string | null | undefined) => string
    date: (iso: string | null | undefined) => string
  }
}

const I18nContext = createContext<I18n | null>(null)

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang)

  useEffect(() => {
    document.documentElement.lang = lang
    document.title = DICTIONARIES[lang]['app.name']
  }, [lang])

  const setLang = useCallback((next: Lang) => {
    setLangState(next)
    try {
      localStorage.setItem(LANG_STORAGE_KEY, next)
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  }, [])

  const value = useMemo<I18n>(() => {
    const dict = DICTIONARIES[lang]
    const numberFormats = new Map<number, Intl.NumberFormat>()
    const nf = (decimals: number) => {
      let f = numberFormats.get(decimals)
      if (!f) {
        f = new Intl.NumberFormat(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
        numberFormats.set(decimals, f)
      }
      return f
    }
    const dtf = new Intl.DateTimeFormat(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
    const df = new Intl.DateTimeFormat(lang, { year: 'numeric', month: '2-digit', day: '2-digit' })
    const asDate = (iso: string | null | undefined, f: Intl.DateTimeFormat) => {
      if (!iso) return '—'
      const d = new Date(iso)
      return Number.isNaN(d.getTime()) ? iso : f.format(d)
    }
    return {
      lang,
      setLang,
      t: (key, params) => interpolate(dict[key], params),
      tryT: (key, params) => {
        const m = (dict as Record<string, string>)[key]
        return m === undefined ? undefined : interpolate(m, params)
      },
      fmt: {
        number: (v, decimals = 0) => nf(decimals).format(v),
        km2: (v) => `${nf(2).format(v)} km²`,
        m2: (v) => `${nf(v >= 100 ? 0 : 2).format(v)} m²`,
        dateTime: (iso) => asDate(iso, dtf),
        date: (iso) => asDate(iso, df),
      },
    }
  }, [lang, setLang])

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

/** The current language, its messages and formatters. */
export function useI18n(): I18n {
  const ctx = useContext(I18nContext)
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>')
  return ctx
}
