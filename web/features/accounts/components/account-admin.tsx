// Account administration: search and filter, the paged table, and the actions on each account
// (edit, reset password, reset authenticator, grids of a grid worker, show phone).
import { EditOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons'
import { App, Button, Dropdown, Input, Select, Space, Table, Tag } from 'antd'
import { useState, type HTMLAttributes } from 'react'
import { roleLabel, useAuth } from '../../auth'
import { LevelTag } from '../../areas'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value'
import { useI18n } from '../../../shared/i18n'
import { ROLES } from '../../../../shared/roles'
import { useResetPassword, useResetTotp } from '../api/account-changes'
import { useAccounts } from '../api/get-accounts'
import type { AccountCreated, AccountStatus, AccountView, Role } from '../types'
import { CreateAccountDialog } from './create-account-dialog'
import { EditAccountDrawer } from './edit-account-drawer'
import { GridAssignmentDrawer } from './grid-assignment-drawer'
import { RoleSelect } from './role-select'
import { TemporaryPasswordModal } from './temporary-password'
import { UnmaskPhone } from './unmask-phone'

const PAGE_SIZE = 20

export function AccountAdmin() {
  const i18n = useI18n()
  const { t, lang, fmt } = i18n
  const { modal, message } = App.useApp()
  const { session } = useAuth()
  const [text, setText] = useState('')
  const q = useDebouncedValue(text.trim(), 300)
  const [role, setRole] = useState<Role | undefined>()
  const [status, setStatus] = useState<AccountStatus | undefined>()
  const [page, setPage] = useState(1)
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<number | undefined>()
  const [gridsOf, setGridsOf] = useState<AccountView | undefined>()
  const [tempPassword, setTempPassword] = useState<AccountCreated | null>(null)
  const list = useAccounts({ q: q || undefined, role, status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
  const resetPassword = useResetPassword()
  const resetTotp = useResetTotp()

  const confirmResetPassword = (a: AccountView) =>
    modal.confirm({
      title: t('accounts.resetPasswordConfirm', { name: a.displayName }),
      content: t('accounts.resetPasswordText'),
      okText: t('accounts.resetPassword'),
      cancelText: t('common.cancel'),
      onOk: () =>
        resetPassword.mutateAsync(a.id).then(setTempPassword, (e: unknown) => {
          modal.error({ title: t('accounts.actionFailed'), content: <ApiErrorAlert error={e} /> })
        }),
    })
  const confirmResetTotp = (a: AccountView) =>
    modal.confirm({
      title: t('accounts.resetTotpConfirm', { name: a.displayName }),
      content: t('accounts.resetTotpText'),
      okText: t('accounts.resetTotp'),
      cancelText: t('common.cancel'),
      onOk: () =>
        resetTotp.mutateAsync(a.id).then(
          () => void message.success(t('accounts.resetTotpDone')),
          (e: unknown) => {
            modal.error({ title: t('accounts.actionFailed'), content: <ApiErrorAlert error={e} /> })
          },
        ),
    })

  return (
    <div className="admin-page" data-testid="account-admin">
      <div className="admin-head">
        <h1 className="admin-title">{t('accounts.title')}</h1>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="account-create">
          {t('accounts.create')}
        </Button>
      </div>
      <Space wrap className="admin-filters" data-testid="account-filters">
        <Input.Search
          allowClear
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setPage(1)
          }}
          placeholder={t('accounts.search')}
          aria-label={t('accounts.search')}
          style={{ width: 240 }}
          data-testid="account-search"
        />
        <RoleSelect
          roles={ROLES}
          value={role}
          allowClear
          placeholder={t('accounts.filterRole')}
          onChange={(r) => {
            setRole(r ?? undefined)
            setPage(1)
          }}
          style={{ minWidth: 160 }}
          data-testid="account-filter-role"
        />
        <Select<AccountStatus>
          allowClear
          value={status}
          placeholder={t('accounts.filterStatus')}
          onChange={(s) => {
            setStatus(s ?? undefined)
            setPage(1)
          }}
          options={[
            { value: 'active', label: t('accounts.status.active') },
            { value: 'disabled', label: t('accounts.status.disabled') },
          ]}
          style={{ minWidth: 120 }}
          aria-label={t('accounts.filterStatus')}
          data-testid="account-filter-status"
        />
      </Space>
      {list.isError && <ApiErrorAlert error={list.error} />}
      <Table<AccountView>
        size="small"
        rowKey="id"
        className="block"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 960 }}
        data-testid="account-table"
        locale={{ emptyText: t('accounts.empty') }}
        onRow={(a) => ({ 'data-testid': 'account-row', 'data-username': a.username, 'data-account-id': a.id }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (total) => t('accounts.total', { total: fmt.number(total) }),
        }}
        columns={[
          {
            key: 'name',
            title: t('accounts.account'),
            fixed: 'left',
            width: 170,
            render: (_, a) => (
              <div>
                <div className="search-option-name">{a.displayName}</div>
                <div className="code-text">{a.username}</div>
              </div>
            ),
          },
          { key: 'role', title: t('accounts.role'), render: (_, a) => roleLabel(a.role, lang) },
          {
            key: 'scope',
            title: t('accounts.scope'),
            render: (_, a) => (
              <span className="search-option">
                {a.scope.name} <LevelTag level={a.scope.level} />
              </span>
            ),
          },
          {
            key: 'status',
            title: t('accounts.statusCol'),
            render: (_, a) => (
              <Space size={4} wrap>
                <Tag color={a.status === 'active' ? 'green' : 'default'} data-testid="account-status">
                  {t(`accounts.status.${a.status}`)}
                </Tag>
                {!a.totpEnrolled && <Tag color="orange">{t('accounts.totpNotEnrolled')}</Tag>}
                {a.mustChangePassword && <Tag color="gold">{t('accounts.mustChange')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'phone',
            title: t('accounts.phone'),
            render: (_, a) =>
              a.phone ? (
                <Space size={4}>
                  <span data-testid="account-phone">{a.phone}</span>
                  <UnmaskPhone account={a} />
                </Space>
              ) : (
                <span className="muted">—</span>
              ),
          },
          { key: 'lastLogin', title: t('accounts.lastLogin'), render: (_, a) => fmt.dateTime(a.lastLoginAt) },
          {
            key: 'actions',
            title: '',
            fixed: 'right',
            width: 110,
            render: (_, a) => (
              <Space size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(a.id)} aria-label={t('accounts.editTitle', { name: a.displayName })} data-testid="account-edit" />
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      { key: 'password', label: <span data-testid="action-reset-password">{t('accounts.resetPassword')}</span>, onClick: () => confirmResetPassword(a), disabled: a.id === session?.account.id },
                      { key: 'totp', label: <span data-testid="action-reset-totp">{t('accounts.resetTotp')}</span>, onClick: () => confirmResetTotp(a), disabled: !a.totpEnrolled },
                      ...(a.role === 'grid_worker' ? [{ key: 'grids', label: <span data-testid="action-grids">{t('accounts.grids', { count: a.gridCount })}</span>, onClick: () => setGridsOf(a) }] : []),
                    ],
                  }}
                >
                  <Button size="small" icon={<MoreOutlined />} aria-label={t('accounts.more')} data-testid="account-more" />
                </Dropdown>
              </Space>
            ),
          },
        ]}
      />
      <CreateAccountDialog open={creating} onClose={() => setCreating(false)} />
      <EditAccountDrawer accountId={editing} onClose={() => setEditing(undefined)} />
      <GridAssignmentDrawer account={gridsOf} onClose={() => setGridsOf(undefined)} />
      <TemporaryPasswordModal created={tempPassword} onClose={() => setTempPassword(null)} />
    </div>
  )
}
