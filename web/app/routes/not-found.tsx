import { Button, Result } from 'antd'
import { Link } from 'react-router'
import { useI18n } from '../../shared/i18n'

export function NotFoundRoute() {
  const { t } = useI18n()
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('notFound.text')}
      extra={
        <Link to="/">
          <Button type="primary">{t('notFound.home')}</Button>
        </Link>
      }
    />
  )
}
