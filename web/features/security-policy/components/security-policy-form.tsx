// The security admin's policy form: password rules (a ready profile — MLPS 等保 or NIST — or custom
// values), lockout after failed logins, session time limits and audit retention. Saved against the
// version it loaded; when someone else saved in between, it offers to load theirs.
import { ReloadOutlined, SaveOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, InputNumber, Radio, Spin, Switch, Table } from 'antd'
import { useEffect, useState } from 'react'
import { isStaleVersion } from '../../../shared/api/field-errors'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { applyFieldErrors } from '../../../shared/components/form-errors'
import { useI18n, type MessageKey } from '../../../shared/i18n'
import type { PasswordPolicyView, SecurityPolicy } from '../../../../shared/api-types'
import { useSaveSecurityPolicy, useSecurityPolicy } from '../api/security-policy'
import { FIELD_PATHS, LIMITS, PASSWORD_PROFILES, policyOf, withProfile, type LimitPath, type PasswordProfile } from '../lib/policy'

const PASSWORD_NUMBERS = ['minLength', 'maxLength', 'minClasses', 'maxAgeDays', 'historySize'] as const
const PROFILE_ROWS: (keyof PasswordPolicyView)[] = ['minLength', 'maxLength', 'minClasses', 'maxAgeDays', 'historySize', 'rejectCommon', 'rejectContext']

export function SecurityPolicyForm() {
  const i18n = useI18n()
  const { t, fmt } = i18n
  const policy = useSecurityPolicy()
  const save = useSaveSecurityPolicy()
  const [form] = Form.useForm<SecurityPolicy>()
  const profile = (Form.useWatch(['password', 'profile'], form) ?? 'mlps') as PasswordProfile
  const [fieldsShown, setFieldsShown] = useState(false)
  const [saved, setSaved] = useState(false)
  const view = policy.data

  useEffect(() => {
    if (view) form.setFieldsValue(policyOf(view))
  }, [view, form])

  if (policy.isPending) return <Spin className="page-spin" />
  if (policy.isError) return <ApiErrorAlert error={policy.error} />
  if (!view) return null

  const conflict = isStaleVersion(save.error)
  const reload = async () => {
    save.reset()
    setSaved(false)
    const r = await policy.refetch()
    if (r.data) form.setFieldsValue(policyOf(r.data))
  }
  const onProfile = (p: PasswordProfile) => {
    const current = form.getFieldValue('password') as PasswordPolicyView
    form.setFieldValue('password', withProfile(current, p))
  }
  const submit = (values: SecurityPolicy) => {
    setSaved(false)
    setFieldsShown(false)
    save.mutate(
      { version: view.version, policy: policyOf({ ...policyOf(view), ...values, password: { ...view.password, ...values.password } }) },
      {
        onSuccess: () => setSaved(true),
        onError: (e) => setFieldsShown(applyFieldErrors(form, e, FIELD_PATHS, i18n, ['policy'])),
      },
    )
  }

  const numberField = (path: LimitPath, label: MessageKey, unit?: MessageKey, disabled?: boolean) => {
    const [section, field] = path.split('.') as [string, string]
    const [min, max] = LIMITS[path]
    return (
      <Form.Item
        key={path}
        name={[section, field]}
        label={t(label)}
        extra={t('policy.range', { min, max })}
        rules={[{ required: true, message: t('form.required') }, { type: 'integer', min, max, message: t('policy.range', { min, max }) }]}
      >
        <InputNumber min={min} max={max} precision={0} disabled={disabled} suffix={unit ? t(unit) : undefined} style={{ width: 180 }} data-testid={`policy-${section}-${field}`} />
      </Form.Item>
    )
  }
  const profileValue = (p: PasswordPolicyView, k: keyof PasswordPolicyView) => {
    const v = p[k]
    if (typeof v === 'boolean') return v ? t('policy.yes') : t('policy.no')
    if (k === 'maxAgeDays' && v === 0) return t('policy.never')
    if ((k === 'historySize' || k === 'minClasses') && v === 0) return t('policy.noRule')
    return String(v)
  }

  return (
    <div className="admin-page" data-testid="security-policy">
      <div className="admin-head">
        <h1 className="admin-title">{t('policy.title')}</h1>
        <Button type="primary" icon={<SaveOutlined />} onClick={() => form.submit()} loading={save.isPending} disabled={conflict} data-testid="policy-save">
          {t('policy.save')}
        </Button>
      </div>
      <div className="muted small" data-testid="policy-version" data-version={view.version}>
        {view.version === 0 ? t('policy.defaults') : t('policy.updated', { at: fmt.dateTime(view.updatedAt), by: view.updatedBy, version: view.version })}
      </div>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          className="block"
          title={t('policy.conflictTitle')}
          description={t('policy.conflictText')}
          data-testid="policy-conflict"
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void reload()} data-testid="policy-reload">
              {t('accounts.reload')}
            </Button>
          }
        />
      )}
      {saved && <Alert type="success" showIcon className="block" title={t('policy.saved')} data-testid="policy-saved" />}
      {save.isError && !conflict && !fieldsShown && <ApiErrorAlert error={save.error} />}
      <Form<SecurityPolicy> form={form} layout="vertical" onFinish={submit} onValuesChange={() => setSaved(false)} className="policy-form" data-testid="policy-form">
        <Card size="small" title={t('policy.password')} className="block">
          <Form.Item name={['password', 'profile']} label={t('policy.profile')}>
            <Radio.Group onChange={(e) => onProfile(e.target.value as PasswordProfile)} data-testid="policy-profile">
              <Radio.Button value="mlps">{t('policy.profile.mlps')}</Radio.Button>
              <Radio.Button value="nist">{t('policy.profile.nist')}</Radio.Button>
              <Radio.Button value="custom">{t('policy.profile.custom')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Table
            size="small"
            pagination={false}
            className="profile-table"
            rowKey="key"
            data-testid="policy-profiles"
            scroll={{ x: 420 }}
            dataSource={PROFILE_ROWS.map((k) => ({ key: k }))}
            columns={[
              { key: 'rule', title: '', render: (_, r) => t(`policy.password.${r.key}` as MessageKey) },
              ...(['mlps', 'nist'] as const).map((p) => ({
                key: p,
                title: t(`policy.profile.${p}`),
                className: profile === p ? 'profile-chosen' : undefined,
                render: (_: unknown, r: { key: keyof PasswordPolicyView }) => profileValue(PASSWORD_PROFILES[p], r.key),
              })),
            ]}
          />
          <p className="small muted block">{t(`policy.profileHelp.${profile}`)}</p>
          <div className="policy-grid">
            {PASSWORD_NUMBERS.map((f) =>
              numberField(`password.${f}`, `policy.password.${f}`, f === 'maxAgeDays' ? 'policy.unit.days' : undefined, profile !== 'custom'),
            )}
            <Form.Item name={['password', 'rejectCommon']} label={t('policy.password.rejectCommon')} valuePropName="checked">
              <Switch disabled={profile !== 'custom'} />
            </Form.Item>
            <Form.Item name={['password', 'rejectContext']} label={t('policy.password.rejectContext')} valuePropName="checked">
              <Switch disabled={profile !== 'custom'} />
            </Form.Item>
          </div>
        </Card>
        <Card size="small" title={t('policy.lockout')} className="block">
          <div className="policy-grid">
            {numberField('lockout.maxFailures', 'policy.lockout.maxFailures', 'policy.unit.times')}
            {numberField('lockout.lockMinutes', 'policy.lockout.lockMinutes', 'policy.unit.minutes')}
            {numberField('lockout.sourceMaxFailures', 'policy.lockout.sourceMaxFailures', 'policy.unit.times')}
            {numberField('lockout.sourceLockMinutes', 'policy.lockout.sourceLockMinutes', 'policy.unit.minutes')}
          </div>
        </Card>
        <Card size="small" title={t('policy.session')} className="block">
          <div className="policy-grid">
            {numberField('session.idleMinutes', 'policy.session.idleMinutes', 'policy.unit.minutes')}
            {numberField('session.absoluteHours', 'policy.session.absoluteHours', 'policy.unit.hours')}
            {numberField('session.reauthMinutes', 'policy.session.reauthMinutes', 'policy.unit.minutes')}
          </div>
        </Card>
        <Card size="small" title={t('policy.audit')} className="block">
          {numberField('audit.retentionDays', 'policy.audit.retentionDays', 'policy.unit.days')}
          <p className="small muted">{t('policy.audit.retentionHelp', { min: LIMITS['audit.retentionDays'][0] })}</p>
        </Card>
      </Form>
    </div>
  )
}
