// Edit an account: name, role, scope, phone, enabled. Saves against the version it loaded; when
// someone else saved in between (409 conflict) it says so and offers to load the current state.
import { ReloadOutlined } from '@ant-design/icons'
import { Alert, Button, Descriptions, Drawer, Form, Grid, Input, Space, Spin, Switch } from 'antd'
import { useEffect, useState } from 'react'
import { isStaleVersion } from '../../../shared/api/field-errors'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { applyFieldErrors } from '../../../shared/components/form-errors'
import { useI18n } from '../../../shared/i18n'
import { isAdminDuty } from '../../../../shared/roles'
import { useUpdateAccount } from '../api/account-changes'
import { useAccount } from '../api/get-account'
import { buildPatch, editValuesOf, patchChangesSomething, roleChoices, scopeLevelsFor, type AccountEditValues } from '../lib/account-form'
import { ScopePicker } from './create-account-dialog'
import { RoleSelect } from './role-select'
import { UnmaskPhone } from './unmask-phone'

const FIELDS = ['displayName', 'role', 'scopeCode', 'phone'] as const

export function EditAccountDrawer({ accountId, onClose }: { accountId: number | undefined; onClose: () => void }) {
  const i18n = useI18n()
  const { t, fmt } = i18n
  const screens = Grid.useBreakpoint()
  const [form] = Form.useForm<AccountEditValues>()
  const account = useAccount(accountId)
  const update = useUpdateAccount()
  const role = Form.useWatch('role', form)
  const [fieldsShown, setFieldsShown] = useState(false)
  const [saved, setSaved] = useState(false)
  const a = account.data

  // The form starts from the account as loaded (again after a reload).
  useEffect(() => {
    if (a) {
      form.setFieldsValue(editValuesOf(a))
      form.setFields(FIELDS.map((name) => ({ name, errors: [] })))
    }
  }, [a, form])
  useEffect(() => {
    update.reset()
    setSaved(false)
    // Only when another account is opened.
  }, [accountId])

  const conflict = isStaleVersion(update.error)
  const reload = async () => {
    update.reset()
    await account.refetch()
  }
  const submit = (values: AccountEditValues) => {
    if (!a) return
    const patch = buildPatch(a, values)
    setSaved(false)
    if (!patchChangesSomething(patch)) {
      setSaved(true)
      return
    }
    setFieldsShown(false)
    update.mutate(
      { id: a.id, patch },
      {
        onSuccess: () => {
          setSaved(true)
          void account.refetch()
        },
        onError: (e) => setFieldsShown(applyFieldErrors(form, e, FIELDS, i18n)),
      },
    )
  }

  return (
    <Drawer
      open={accountId !== undefined}
      onClose={onClose}
      title={a ? t('accounts.editTitle', { name: a.displayName }) : t('accounts.editTitleEmpty')}
      size={screens.sm ? 480 : '100%'}
      destroyOnHidden
      data-testid="account-edit-drawer"
      extra={
        <Button type="primary" onClick={() => form.submit()} loading={update.isPending} disabled={!a || conflict} data-testid="account-save">
          {t('accounts.save')}
        </Button>
      }
    >
      {account.isPending && <Spin className="page-spin" />}
      {account.isError && <ApiErrorAlert error={account.error} />}
      {a && (
        <>
          <Descriptions
            size="small"
            column={1}
            className="account-facts"
            items={[
              { key: 'username', label: t('accounts.username'), children: <span className="code-text">{a.username}</span> },
              {
                key: 'phone',
                label: t('accounts.phone'),
                children: (
                  <Space wrap>
                    <span data-testid="edit-phone-masked">{a.phone ?? t('common.none')}</span>
                    {a.phone && <UnmaskPhone account={a} />}
                  </Space>
                ),
              },
              { key: 'totp', label: t('accounts.totp'), children: a.totpEnrolled ? t('accounts.totpEnrolled') : t('accounts.totpNotEnrolled') },
              { key: 'lastLogin', label: t('accounts.lastLogin'), children: fmt.dateTime(a.lastLoginAt) },
              { key: 'created', label: t('accounts.createdAt'), children: fmt.dateTime(a.createdAt) },
              { key: 'version', label: t('accounts.version'), children: <span data-testid="edit-version">{a.version}</span> },
            ]}
          />
          {conflict && (
            <Alert
              type="warning"
              showIcon
              className="form-error"
              title={t('accounts.conflictTitle')}
              description={t('accounts.conflictText')}
              data-testid="account-conflict"
              action={
                <Button size="small" icon={<ReloadOutlined />} onClick={() => void reload()} data-testid="account-reload">
                  {t('accounts.reload')}
                </Button>
              }
            />
          )}
          {saved && !update.isPending && <Alert type="success" showIcon className="form-error" title={t('accounts.saved')} data-testid="account-saved" />}
          {update.isError && !conflict && !fieldsShown && <ApiErrorAlert error={update.error} />}
          <Form<AccountEditValues> form={form} layout="vertical" onFinish={submit} onValuesChange={() => setSaved(false)} data-testid="account-edit-form">
            <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input maxLength={100} data-testid="edit-display-name" />
            </Form.Item>
            <Form.Item name="role" label={t('accounts.role')} extra={isAdminDuty(a.role) ? t('accounts.adminDutyFixed') : undefined} rules={[{ required: true, message: t('form.required') }]}>
              <RoleSelect roles={roleChoices(a.role)} disabled={isAdminDuty(a.role)} onChange={() => form.setFieldValue('scopeCode', undefined)} data-testid="edit-role" />
            </Form.Item>
            <Form.Item
              name="scopeCode"
              label={t('accounts.scope')}
              extra={role ? t('accounts.scopeLevels', { levels: scopeLevelsFor(role).map((l) => t(`level.${l}`)).join(t('list.separator')) }) : undefined}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <ScopePicker role={role} />
            </Form.Item>
            <Form.Item name="phone" label={t('accounts.newPhone')} extra={t('accounts.newPhoneHint')} rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('accounts.phoneInvalid') }]}>
              <Input type="tel" inputMode="tel" autoComplete="off" maxLength={20} data-testid="edit-phone" />
            </Form.Item>
            <Form.Item name="enabled" label={t('accounts.enabled')} valuePropName="checked" extra={t('accounts.disableHint')}>
              <Switch data-testid="edit-enabled" />
            </Form.Item>
          </Form>
        </>
      )}
    </Drawer>
  )
}
