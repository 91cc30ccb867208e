// Step 1: username and password.
import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { useMutation } from '@tanstack/react-query'
import { Button, Form, Input } from 'antd'
import { useI18n } from '../../../shared/i18n'
import { login } from '../api/login-steps'
import type { SessionInfo } from '../types'
import { LoginError } from './login-error'

interface LoginFormValues {
  username: string
  password: string
}

export function LoginForm({ onStep }: { onStep: (info: SessionInfo) => void }) {
  const { t } = useI18n()
  const [form] = Form.useForm<LoginFormValues>()
  const mutation = useMutation({
    mutationFn: (v: LoginFormValues) => login(v.username.trim(), v.password),
    onSuccess: onStep,
    onError: () => form.setFieldValue('password', ''),
  })
  return (
    <Form<LoginFormValues> form={form} layout="vertical" requiredMark={false} onFinish={(v) => mutation.mutate(v)} data-testid="login-form">
      <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
        <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" autoCorrect="off" spellCheck={false} size="large" autoFocus data-testid="login-username" />
      </Form.Item>
      <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
      </Form.Item>
      {mutation.isError && (
        <div className="form-error">
          <LoginError error={mutation.error} />
        </div>
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={mutation.isPending} data-testid="login-submit">
        {t('login.submit')}
      </Button>
    </Form>
  )
}
