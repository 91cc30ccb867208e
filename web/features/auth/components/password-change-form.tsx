// Change of password: at first login (stage password_change), when the password expired, or any time
// from the user menu. Shows the policy's rules and every problem the server found, translated.
import { useMutation } from '@tanstack/react-query'
import { Button, Form, Input } from 'antd'
import { ApiError } from '../../../shared/api/client'
import { useI18n } from '../../../shared/i18n'
import { changePassword } from '../api/login-steps'
import { passwordProblemText } from '../lib/password-rules'
import type { PasswordPolicyView, SessionInfo } from '../types'
import { LoginError } from './login-error'
import { PasswordRules } from './password-rules'

interface PasswordChangeValues {
  currentPassword: string
  newPassword: string
  confirm: string
}

interface PasswordChangeFormProps {
  policy: PasswordPolicyView
  /** Called with the new session info (or null when the server answered without one). */
  onChanged: (info: SessionInfo | null) => void
  submitLabel?: string
}

export function PasswordChangeForm({ policy, onChanged, submitLabel }: PasswordChangeFormProps) {
  const { t, tryT } = useI18n()
  const [form] = Form.useForm<PasswordChangeValues>()
  const typed = Form.useWatch('newPassword', form) ?? ''
  const mutation = useMutation({
    mutationFn: (v: PasswordChangeValues) => changePassword(v.currentPassword, v.newPassword),
    onSuccess: (info) => {
      form.resetFields()
      onChanged(info)
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return
      if (error.code === 'password_rejected') {
        const problems = error.details.map((d) => {
          const p = passwordProblemText(d.problem ?? '', policy)
          return tryT(p.key, p.params) ?? d.message
        })
        form.setFields([{ name: 'newPassword', errors: problems.length > 0 ? problems : [error.message] }])
      } else if (error.code === 'invalid_credentials') {
        form.setFields([{ name: 'currentPassword', errors: [t('password.currentWrong')] }])
      }
    },
  })
  const handledOnFields = mutation.error instanceof ApiError && ['password_rejected', 'invalid_credentials'].includes(mutation.error.code)

  return (
    <Form<PasswordChangeValues> form={form} layout="vertical" requiredMark={false} onFinish={(v) => mutation.mutate(v)} data-testid="password-form">
      {/* Lets password managers tie the new password to the account. */}
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, message: t('password.required') }]} data-testid="password-new-item">
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <PasswordRules policy={policy} password={typed} />
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({
            validator: (_, value: string) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      {mutation.isError && !handledOnFields && (
        <div className="form-error">
          <LoginError error={mutation.error} />
        </div>
      )}
      <Button type="primary" htmlType="submit" block loading={mutation.isPending} data-testid="password-submit">
        {submitLabel ?? t('password.submit')}
      </Button>
    </Form>
  )
}
