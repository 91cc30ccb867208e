// Route guards: RequireAuth lets only a fully logged-in user through (others go to the login flow,
// with the page they wanted as `next`); RequirePermission shows a "not allowed" page to a user whose
// role lacks the permission; HomeGate sends a user who cannot read areas to their own first page.
import { Button, Result, Spin } from 'antd'
import type { ReactNode } from 'react'
import { Link, Navigate, Outlet, useLocation } from 'react-router'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { paths } from '../../../shared/config/paths'
import { useI18n } from '../../../shared/i18n'
import type { Permission } from '../../../../shared/roles'
import { homePath } from '../lib/next-path'
import { useAuth } from './auth-provider'

export function RequireAuth({ children }: { children?: ReactNode }) {
  const { t } = useI18n()
  const { session, status, error, ended, refresh } = useAuth()
  const location = useLocation()
  if (session === undefined && status === 'pending') return <Spin className="page-spin" aria-label={t('common.loading')} />
  if (session === undefined && status === 'error') {
    return (
      <div className="page-narrow">
        <ApiErrorAlert
          error={error}
          action={
            <Button size="small" onClick={() => void refresh()}>
              {t('common.retry')}
            </Button>
          }
        />
      </div>
    )
  }
  if (!session || session.stage !== 'active') {
    const next = ended === 'logout' ? undefined : `${location.pathname}${location.search}`
    return <Navigate to={paths.login(next)} replace />
  }
  return children ?? <Outlet />
}

export function RequirePermission({ permission, children }: { permission: Permission; children?: ReactNode }) {
  const { t } = useI18n()
  const { can, session } = useAuth()
  if (!can(permission)) {
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('auth.forbidden')}
        data-testid="forbidden"
        extra={
          <Link to={homePath(session?.account.permissions ?? [])}>
            <Button type="primary">{t('auth.toHome')}</Button>
          </Link>
        }
      />
    )
  }
  return children ?? <Outlet />
}

/** The map is home for users who read areas; everyone else goes to their own first page. */
export function HomeGate({ children }: { children?: ReactNode }) {
  const { can, session } = useAuth()
  if (!can('area.read')) return <Navigate to={homePath(session?.account.permissions ?? [])} replace />
  return children ?? <Outlet />
}
