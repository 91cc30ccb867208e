// The routes: the map (home), the coverage check and the import / draw page, inside the app layout.
import { Spin } from 'antd'
import { createBrowserRouter } from 'react-router'
import { AppLayout } from './layout/app-layout'
import { RouteError } from './routes/route-error'

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/',
      element: <AppLayout />,
      errorElement: <RouteError />,
      // Shown while the first page's code loads.
      hydrateFallbackElement: <Spin className="page-spin" />,
      children: [
        { index: true, lazy: () => import('./routes/map').then((m) => ({ Component: m.MapRoute })) },
        { path: 'coverage', lazy: () => import('./routes/coverage').then((m) => ({ Component: m.CoverageRoute })) },
        { path: 'import', lazy: () => import('./routes/import').then((m) => ({ Component: m.ImportRoute })) },
        { path: '*', lazy: () => import('./routes/not-found').then((m) => ({ Component: m.NotFoundRoute })) },
      ],
    },
  ])
}
