// The routes. /login stands alone; every other page needs a logged-in user (RequireAuth) and sits in
// the app layout; each page also needs its permission (the map, coverage and import need area
// rights, the registry's pages registry rights, the admin pages their duty's permission; the user's
// own pages only a login).
import { Spin } from 'antd'
import { createBrowserRouter, Outlet } from 'react-router'
import { AuthProvider, HomeGate, RequireAuth, RequirePermission } from '../features/auth'
import { AppLayout } from './layout/app-layout'
import { RouteError } from './routes/route-error'

function AuthRoot() {
  return (
    <AuthProvider>
      <Outlet />
    </AuthProvider>
  )
}

export function createRouter() {
  return createBrowserRouter([
    {
      element: <AuthRoot />,
      errorElement: <RouteError />,
      // Shown while the first page's code loads.
      hydrateFallbackElement: <Spin className="page-spin" />,
      children: [
        { path: '/login', lazy: () => import('./routes/login').then((m) => ({ Component: m.LoginRoute })) },
        // The public channel: residents report and follow their report without an account.
        { path: '/report', lazy: () => import('./routes/public-report').then((m) => ({ Component: m.PublicReportRoute })) },
        { path: '/track', lazy: () => import('./routes/public-track').then((m) => ({ Component: m.PublicTrackRoute })) },
        { path: '/track/:number', lazy: () => import('./routes/public-track').then((m) => ({ Component: m.PublicTrackRoute })) },
        {
          path: '/',
          element: (
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          ),
          errorElement: <RouteError />,
          children: [
            {
              element: <HomeGate />,
              children: [{ index: true, lazy: () => import('./routes/map').then((m) => ({ Component: m.MapRoute })) }],
            },
            {
              element: <RequirePermission permission="area.read" />,
              children: [{ path: 'coverage', lazy: () => import('./routes/coverage').then((m) => ({ Component: m.CoverageRoute })) }],
            },
            {
              element: <RequirePermission permission="area.write" />,
              children: [{ path: 'import', lazy: () => import('./routes/import').then((m) => ({ Component: m.ImportRoute })) }],
            },
            {
              element: <RequirePermission permission="registry.read" />,
              children: [
                { path: 'registry', lazy: () => import('./routes/registry-people').then((m) => ({ Component: m.RegistryPeopleRoute })) },
                { path: 'registry/people/:id', lazy: () => import('./routes/registry-person').then((m) => ({ Component: m.RegistryPersonRoute })) },
                { path: 'registry/dashboard', lazy: () => import('./routes/registry-dashboard').then((m) => ({ Component: m.RegistryDashboardRoute })) },
                { path: 'registry/places', lazy: () => import('./routes/registry-places').then((m) => ({ Component: m.RegistryPlacesRoute })) },
                { path: 'registry/buildings/:id', lazy: () => import('./routes/registry-building').then((m) => ({ Component: m.RegistryBuildingRoute })) },
              ],
            },
            {
              element: <RequirePermission permission="registry.write" />,
              children: [
                { path: 'registry/people/new', lazy: () => import('./routes/registry-new-person').then((m) => ({ Component: m.RegistryNewPersonRoute })) },
                { path: 'registry/import', lazy: () => import('./routes/registry-import').then((m) => ({ Component: m.RegistryImportRoute })) },
              ],
            },
            {
              element: <RequirePermission permission="case.read" />,
              children: [
                { path: 'cases', lazy: () => import('./routes/cases-inbox').then((m) => ({ Component: m.CasesInboxRoute })) },
                { path: 'cases/metrics', lazy: () => import('./routes/cases-metrics').then((m) => ({ Component: m.CasesMetricsRoute })) },
                { path: 'cases/:id', lazy: () => import('./routes/cases-case').then((m) => ({ Component: m.CasesCaseRoute })) },
              ],
            },
            {
              element: <RequirePermission permission="case.report" />,
              children: [{ path: 'cases/new', lazy: () => import('./routes/cases-new').then((m) => ({ Component: m.CasesNewRoute })) }],
            },
            {
              element: <RequirePermission permission="case.configure" />,
              children: [{ path: 'admin/case-config', lazy: () => import('./routes/admin-case-config').then((m) => ({ Component: m.AdminCaseConfigRoute })) }],
            },
            {
              element: <RequirePermission permission="account.manage" />,
              children: [{ path: 'admin/accounts', lazy: () => import('./routes/admin-accounts').then((m) => ({ Component: m.AdminAccountsRoute })) }],
            },
            {
              element: <RequirePermission permission="security.manage" />,
              children: [{ path: 'admin/security', lazy: () => import('./routes/admin-security').then((m) => ({ Component: m.AdminSecurityRoute })) }],
            },
            {
              element: <RequirePermission permission="audit.read" />,
              children: [{ path: 'admin/audit', lazy: () => import('./routes/admin-audit').then((m) => ({ Component: m.AdminAuditRoute })) }],
            },
            { path: 'account/tokens', lazy: () => import('./routes/account-tokens').then((m) => ({ Component: m.AccountTokensRoute })) },
            { path: 'account/password', lazy: () => import('./routes/account-password').then((m) => ({ Component: m.AccountPasswordRoute })) },
            { path: '*', lazy: () => import('./routes/not-found').then((m) => ({ Component: m.NotFoundRoute })) },
          ],
        },
      ],
    },
  ])
}
