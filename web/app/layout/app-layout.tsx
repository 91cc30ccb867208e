// The frame of every page: header with the product name, navigation, language switch and a link
// to the API docs; the page below fills the rest of the screen.
import { ApiOutlined, CheckCircleOutlined, GlobalOutlined, ImportOutlined, EnvironmentOutlined } from '@ant-design/icons'
import { Grid, Layout, Menu, Segmented, Spin } from 'antd'
import { Suspense } from 'react'
import { Link, Outlet, useLocation, useNavigation } from 'react-router'
import { paths } from '../../shared/config/paths'
import { LANGS, useI18n, type Lang } from '../../shared/i18n'

export function AppLayout() {
  const { t, lang, setLang } = useI18n()
  const location = useLocation()
  const navigation = useNavigation()
  const screens = Grid.useBreakpoint()
  const compact = !screens.md
  const current = location.pathname.startsWith('/coverage') ? 'coverage' : location.pathname.startsWith('/import') ? 'import' : location.pathname === '/' ? 'map' : ''
  // On phones the menu shows icons only (the names stay for screen readers), so all three fit.
  const navText = (text: string) => (compact ? <span className="sr-only">{text}</span> : text)
  const keepArea = new URLSearchParams(location.search).get('area') ?? new URLSearchParams(location.search).get('root') ?? undefined

  return (
    <Layout className="app-layout">
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <Layout.Header className="app-header">
        <Link to="/" className="brand" aria-label={t('app.name')}>
          <span className="brand-mark" aria-hidden="true">
            前
          </span>
          {!compact && <span className="brand-name">{t('app.name')}</span>}
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[current]}
          className="app-nav"
          data-testid="main-nav"
          items={[
            { key: 'map', icon: <EnvironmentOutlined />, label: <Link to={paths.map(current === 'map' ? undefined : keepArea)}>{navText(t('nav.map'))}</Link> },
            { key: 'coverage', icon: <CheckCircleOutlined />, label: <Link to={paths.coverage()}>{navText(t('nav.coverage'))}</Link> },
            { key: 'import', icon: <ImportOutlined />, label: <Link to={paths.import(current === 'map' ? keepArea : undefined)}>{navText(t('nav.import'))}</Link> },
          ]}
        />
        <div className="header-right">
          <a href={paths.apiDocs} target="_blank" rel="noreferrer" className="header-link" data-testid="api-docs-link" title={t('nav.apiDocs')}>
            <ApiOutlined /> {!compact && t('nav.apiDocs')}
          </a>
          <span className="lang-switch" role="group" aria-label={t('nav.language')} data-testid="language-switch" data-lang={lang}>
            <GlobalOutlined aria-hidden="true" />
            <Segmented<Lang>
              size="small"
              value={lang}
              onChange={setLang}
              options={LANGS.map((l) => ({ value: l.value, label: compact ? l.short : l.label }))}
            />
          </span>
        </div>
      </Layout.Header>
      <Layout.Content id="main" className="app-content" tabIndex={-1}>
        {navigation.state === 'loading' && <div className="route-progress" aria-hidden="true" />}
        <Suspense fallback={<Spin className="page-spin" />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  )
}
