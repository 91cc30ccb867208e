// The frame of the public pages, after the login page: the brand on the red band, the language
// switch, the page's cards, links between reporting and following a report, and a short foot.
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { LanguageSwitch } from '../../../shared/components/language-switch'
import { useI18n } from '../../../shared/i18n'
import { publicPaths } from '../lib/tracking'
import './public-report.css'

export function PublicFrame({ children, page }: { children: ReactNode; page: 'report' | 'track' }) {
  const { t } = useI18n()
  return (
    <main className="public-page" data-testid={`public-${page}-page`}>
      <div className="public-top">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            前
          </span>
          <span className="brand-name">{t('public.title')}</span>
        </span>
        <LanguageSwitch compact className="public-lang" />
      </div>
      {children}
      <nav className="public-nav small" aria-label={t('public.nav.label')}>
        {page === 'report' ? (
          <Link to={publicPaths.track()} data-testid="public-go-track">
            {t('public.nav.track')}
          </Link>
        ) : (
          <Link to={publicPaths.report} data-testid="public-go-report">
            {t('public.nav.report')}
          </Link>
        )}
      </nav>
      <p className="public-foot muted small">{t('public.foot')}</p>
    </main>
  )
}
