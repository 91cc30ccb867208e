// New account: username, name, role, scope (an area at a level the role allows), optional phone.
// After creation the dialog shows the one-time temporary password.
import { Button, Form, Input, Modal } from 'antd'
import { useState } from 'react'
import { AreaPicker } from '../../areas'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { applyFieldErrors } from '../../../shared/components/form-errors'
import { useI18n } from '../../../shared/i18n'
import { useCreateAccount } from '../api/account-changes'
import { roleChoices, scopeLevelsFor } from '../lib/account-form'
import type { AccountCreated, Role } from '../types'
import { RoleSelect } from './role-select'
import { TemporaryPasswordView } from './temporary-password'

interface CreateValues {
  username: string
  displayName: string
  role?: Role
  scopeCode?: string
  phone?: string
}

const FIELDS = ['username', 'displayName', 'role', 'scopeCode', 'phone'] as const

export function CreateAccountDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const i18n = useI18n()
  const { t } = i18n
  const [form] = Form.useForm<CreateValues>()
  const role = Form.useWatch('role', form)
  const create = useCreateAccount()
  const [created, setCreated] = useState<AccountCreated | null>(null)
  const [fieldsShown, setFieldsShown] = useState(false)

  const close = () => {
    form.resetFields()
    create.reset()
    setCreated(null)
    onClose()
  }
  const submit = (v: CreateValues) => {
    if (!v.role || !v.scopeCode) return
    setFieldsShown(false)
    create.mutate(
      { username: v.username.trim(), displayName: v.displayName.trim(), role: v.role, scopeCode: v.scopeCode, phone: v.phone?.trim() || undefined },
      { onSuccess: setCreated, onError: (e) => setFieldsShown(applyFieldErrors(form, e, FIELDS, i18n)) },
    )
  }

  return (
    <Modal
      open={open}
      title={created ? t('accounts.createdTitle') : t('accounts.createTitle')}
      onCancel={close}
      destroyOnHidden
      data-testid="account-create-dialog"
      footer={
        created
          ? [
              <Button key="done" type="primary" onClick={close} data-testid="account-create-done">
                {t('secret.done')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={close}>
                {t('common.cancel')}
              </Button>,
              <Button key="ok" type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="account-create-submit">
                {t('accounts.create')}
              </Button>,
            ]
      }
    >
      {created ? (
        <TemporaryPasswordView created={created} />
      ) : (
        <Form<CreateValues> form={form} layout="vertical" requiredMark onFinish={submit} data-testid="account-create-form">
          <Form.Item name="username" label={t('accounts.username')} extra={t('accounts.usernameHint')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={64} data-testid="account-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input maxLength={100} autoComplete="off" data-testid="account-display-name" />
          </Form.Item>
          <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true, message: t('form.required') }]}>
            <RoleSelect roles={roleChoices()} onChange={() => form.setFieldValue('scopeCode', undefined)} data-testid="account-role" />
          </Form.Item>
          <Form.Item
            name="scopeCode"
            label={t('accounts.scope')}
            extra={role ? t('accounts.scopeLevels', { levels: scopeLevelsFor(role).map((l) => t(`level.${l}`)).join(t('list.separator')) }) : t('accounts.pickRoleFirst')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <ScopePicker role={role} />
          </Form.Item>
          <Form.Item name="phone" label={t('accounts.phone')} rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('accounts.phoneInvalid') }]}>
            <Input type="tel" inputMode="tel" autoComplete="off" maxLength={20} data-testid="account-phone-input" />
          </Form.Item>
          {create.isError && !fieldsShown && <ApiErrorAlert error={create.error} />}
        </Form>
      )}
    </Modal>
  )
}

/** The area picker limited to the levels the chosen role allows (a form control: value/onChange). */
export function ScopePicker({ role, value, onChange, id }: { role?: Role; value?: string; onChange?: (code: string) => void; id?: string }) {
  const levels = scopeLevelsFor(role)
  if (!role) return <Input disabled id={id} />
  return <AreaPicker key={role} id={id} value={value} onChange={(c) => onChange?.(c)} levels={levels} style={{ width: '100%' }} data-testid="account-scope" />
}
