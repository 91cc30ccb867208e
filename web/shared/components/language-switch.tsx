// 简体中文 / English. The choice is kept in localStorage, so it survives logout and the next login.
import { GlobalOutlined } from '@ant-design/icons'
import { Segmented } from 'antd'
import { LANGS, useI18n, type Lang } from '../i18n'

export function LanguageSwitch({ compact, className = 'lang-switch' }: { compact?: boolean; className?: string }) {
  const { t, lang, setLang } = useI18n()
  return (
    <span className={className} role="group" aria-label={t('nav.language')} data-testid="language-switch" data-lang={lang}>
      <GlobalOutlined aria-hidden="true" />
      <Segmented<Lang> size="small" value={lang} onChange={setLang} options={LANGS.map((l) => ({ value: l.value, label: compact ? l.short : l.label }))} />
    </span>
  )
}
