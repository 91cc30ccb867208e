// The frame of every page after login: header with the product name, the navigation the user's
// role allows, a link to the API docs, the language switch and the user menu; the page below fills
// the rest of the screen. Warns before the session times out.
import { ApiOutlined, AlertOutlined, ControlOutlined, AuditOutlined, BankOutlined, BarChartOutlined, CheckCircleOutlined, EnvironmentOutlined, FundOutlined, IdcardOutlined, ImportOutlined, SafetyOutlined, TeamOutlined } from '@ant-design/icons'
import { Grid, Layout, Menu, Spin } from 'antd'
import { Suspense, type ReactNode } from 'react'
import { Link, Outlet, useLocation, useNavigation } from 'react-router'
import { allowedNav, IdleWarning, UserMenu, useActiveSession, type NavKey } from '../../features/auth'
import { LanguageSwitch } from '../../shared/components/language-switch'
import { paths } from '../../shared/config/paths'
import { useI18n, type MessageKey } from '../../shared/i18n'

/**
 * The registry's pages (as in features/registry/lib/paths.ts). Written out here: importing the
 * registry feature into the layout would pull all its pages into the first bundle.
 */
const REGISTRY_PEOPLE = '/registry'
const REGISTRY_DASHBOARD = '/registry/dashboard'
const REGISTRY_PLACES = '/registry/places'
const REGISTRY_BUILDINGS = '/registry/buildings'

/** The menu entry a path belongs to. */
function navKeyOf(pathname: string): NavKey | '' {
  if (pathname === '/') return 'map'
  if (pathname.startsWith('/coverage')) return 'coverage'
  if (pathname.startsWith('/import')) return 'import'
  if (pathname.startsWith(REGISTRY_DASHBOARD)) return 'dashboard'
  if (pathname.startsWith(REGISTRY_PLACES) || pathname.startsWith(REGISTRY_BUILDINGS)) return 'places'
  if (pathname.startsWith(REGISTRY_PEOPLE)) return 'registry'
  if (pathname.startsWith('/admin/case-config')) return 'caseConfig'
  if (pathname.startsWith('/cases/metrics')) return 'caseMetrics'
  if (pathname.startsWith('/cases')) return 'cases'
  if (pathname.startsWith(paths.accounts)) return 'accounts'
  if (pathname.startsWith(paths.securityPolicy)) return 'security'
  if (pathname.startsWith(paths.audit)) return 'audit'
  return ''
}

const NAV: Record<NavKey, { icon: ReactNode; label: MessageKey }> = {
  map: { icon: <EnvironmentOutlined />, label: 'nav.map' },
  coverage: { icon: <CheckCircleOutlined />, label: 'nav.coverage' },
  import: { icon: <ImportOutlined />, label: 'nav.import' },
  registry: { icon: <IdcardOutlined />, label: 'nav.registry' },
  places: { icon: <BankOutlined />, label: 'nav.places' },
  dashboard: { icon: <BarChartOutlined />, label: 'nav.dashboard' },
  cases: { icon: <AlertOutlined />, label: 'nav.cases' },
  caseMetrics: { icon: <FundOutlined />, label: 'nav.caseMetrics' },
  caseConfig: { icon: <ControlOutlined />, label: 'nav.caseConfig' },
  accounts: { icon: <TeamOutlined />, label: 'nav.accounts' },
  security: { icon: <SafetyOutlined />, label: 'nav.security' },
  audit: { icon: <AuditOutlined />, label: 'nav.audit' },
}

export function AppLayout() {
  const { t } = useI18n()
  const session = useActiveSession()
  const location = useLocation()
  const navigation = useNavigation()
  const screens = Grid.useBreakpoint()
  const compact = !screens.md
  const current = navKeyOf(location.pathname)
  // On phones the menu shows icons only (the names stay for screen readers), so the entries fit.
  const navText = (text: string) => (compact ? <span className="sr-only">{text}</span> : text)
  const search = new URLSearchParams(location.search)
  const keepArea = search.get('area') ?? search.get('root') ?? undefined
  const target: Record<NavKey, string> = {
    map: paths.map(current === 'map' ? undefined : keepArea),
    coverage: paths.coverage(),
    import: paths.import(current === 'map' ? keepArea : undefined),
    registry: REGISTRY_PEOPLE,
    places: REGISTRY_PLACES,
    dashboard: current === 'map' && keepArea ? `${REGISTRY_DASHBOARD}?area=${encodeURIComponent(keepArea)}` : REGISTRY_DASHBOARD,
    cases: '/cases',
    caseMetrics: current === 'map' && keepArea ? `/cases/metrics?area=${encodeURIComponent(keepArea)}` : '/cases/metrics',
    caseConfig: '/admin/case-config',
    accounts: paths.accounts,
    security: paths.securityPolicy,
    audit: paths.audit,
  }
  const allowed = allowedNav(session.account.permissions)

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
          // Entries that do not fit fold into "…" (on phones the entries are icons; six — an
          // admin's map, coverage, import, people, places and dashboard — are more than fit beside the
          // language switch and the user menu).
          data-testid="main-nav"
          items={allowed.map((key) => ({
            key,
            icon: NAV[key].icon,
            label: (
              <Link to={target[key]} data-testid={`nav-${key}`}>
                {navText(t(NAV[key].label))}
              </Link>
            ),
          }))}
        />
        <div className="header-right">
          {!compact && (
            <a href={paths.apiDocs} target="_blank" rel="noreferrer" className="header-link" data-testid="api-docs-link" title={t('nav.apiDocs')}>
              <ApiOutlined /> {t('nav.apiDocs')}
            </a>
          )}
          <LanguageSwitch compact={compact} />
          <UserMenu compact={compact} />
        </div>
      </Layout.Header>
      <Layout.Content id="main" className="app-content" tabIndex={-1}>
        {navigation.state === 'loading' && <div className="route-progress" aria-hidden="true" />}
        <Suspense fallback={<Spin className="page-spin" />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <IdleWarning />
    </Layout>
  )
}
