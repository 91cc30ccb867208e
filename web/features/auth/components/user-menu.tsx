// The header's user menu: who is logged in (name, role, scope) and their own actions.
import { DownOutlined, KeyOutlined, LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons'
import { Dropdown } from 'antd'
import { useNavigate } from 'react-router'
import { paths } from '../../../shared/config/paths'
import { useI18n } from '../../../shared/i18n'
import { roleLabel } from '../lib/role-label'
import { useActiveSession, useAuth } from './auth-provider'

export function UserMenu({ compact }: { compact?: boolean }) {
  const { t, lang } = useI18n()
  const session = useActiveSession()
  const { logout } = useAuth()
  const navigate = useNavigate()
  const a = session.account
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          {
            key: 'who',
            type: 'group',
            label: (
              <div className="user-card" data-testid="user-card">
                <div className="user-card-name" data-testid="user-display-name">
                  {a.displayName}
                </div>
                <div className="small muted">{a.username}</div>
                <div className="small" data-testid="user-role">
                  {roleLabel(a.role, lang)}
                </div>
                <div className="small muted" data-testid="user-scope">
                  {t('user.scope', { name: a.scope.name })}
                </div>
              </div>
            ),
          },
          { type: 'divider' },
          { key: 'password', icon: <LockOutlined />, label: <span data-testid="menu-password">{t('user.changePassword')}</span>, onClick: () => navigate(paths.changePassword) },
          { key: 'tokens', icon: <KeyOutlined />, label: <span data-testid="menu-tokens">{t('user.apiTokens')}</span>, onClick: () => navigate(paths.apiTokens) },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="menu-logout">{t('user.logout')}</span>, danger: true, onClick: () => void logout() },
        ],
      }}
    >
      <button type="button" className="user-button" aria-label={t('user.menu', { name: a.displayName })} data-testid="user-menu">
        <UserOutlined aria-hidden="true" />
        {!compact && <span className="user-button-name">{a.displayName}</span>}
        <DownOutlined aria-hidden="true" className="small" />
      </button>
    </Dropdown>
  )
}
