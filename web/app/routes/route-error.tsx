// Shown when a page fails to load or render (e.g. a chunk missing after a deploy).
import { Button, Result } from 'antd'
import { useRouteError } from 'react-router'
import { useI18n } from '../../shared/i18n'

export function RouteError() {
  const error = useRouteError()
  const { t } = useI18n()
  return (
    <Result
      status="error"
      title={t('routeError.title')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('routeError.reload')}
        </Button>
      }
    />
  )
}
