// The user's own API tokens: list, create (the token text shown once, to copy), revoke.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag } from 'antd'
import { useState, type HTMLAttributes } from 'react'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { OneTimeSecret } from '../../../shared/components/one-time-secret'
import { useI18n } from '../../../shared/i18n'
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from '../api/api-tokens'
import type { ApiTokenCreated, ApiTokenView } from '../types'

type TokenState = 'active' | 'expired' | 'revoked'

export function tokenState(token: ApiTokenView, now = Date.now()): TokenState {
  if (token.revokedAt) return 'revoked'
  if (Date.parse(token.expiresAt) <= now) return 'expired'
  return 'active'
}

const STATE_COLOR: Record<TokenState, string> = { active: 'green', expired: 'default', revoked: 'red' }

interface CreateValues {
  name: string
  expiresInDays: number
}

export function ApiTokens() {
  const { t, fmt } = useI18n()
  const tokens = useApiTokens()
  const create = useCreateApiToken()
  const revoke = useRevokeApiToken()
  const [form] = Form.useForm<CreateValues>()
  const [created, setCreated] = useState<ApiTokenCreated | null>(null)

  return (
    <div data-testid="api-tokens">
      <p className="muted">{t('tokens.intro')}</p>
      <Form<CreateValues>
        form={form}
        layout="inline"
        className="inline-form"
        initialValues={{ expiresInDays: 90 }}
        onFinish={(v) =>
          create.mutate(
            { name: v.name.trim(), expiresInDays: v.expiresInDays },
            {
              onSuccess: (token) => {
                setCreated(token)
                form.resetFields()
              },
            },
          )
        }
        data-testid="token-create-form"
      >
        <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }, { max: 100 }]}>
          <Input maxLength={100} placeholder={t('tokens.namePlaceholder')} data-testid="token-name" />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={365} precision={0} suffix={t('tokens.days')} style={{ width: 120 }} data-testid="token-days" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending} data-testid="token-create">
            {t('tokens.create')}
          </Button>
        </Form.Item>
      </Form>
      {create.isError && <ApiErrorAlert error={create.error} />}
      {revoke.isError && <ApiErrorAlert error={revoke.error} />}
      {tokens.isError ? (
        <ApiErrorAlert error={tokens.error} />
      ) : (
        <Table<ApiTokenView>
          className="block"
          size="small"
          rowKey="id"
          loading={tokens.isPending}
          dataSource={tokens.data ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          data-testid="token-table"
          locale={{ emptyText: t('tokens.empty') }}
          onRow={(tok) => ({ 'data-testid': 'token-row', 'data-token-id': tok.id }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'name', title: t('tokens.name'), dataIndex: 'name' },
            { key: 'prefix', title: t('tokens.prefix'), render: (_, tok) => <span className="code-text">{tok.prefix}…</span> },
            { key: 'created', title: t('tokens.createdAt'), render: (_, tok) => fmt.dateTime(tok.createdAt) },
            { key: 'expires', title: t('tokens.expiresAt'), render: (_, tok) => fmt.dateTime(tok.expiresAt) },
            { key: 'used', title: t('tokens.lastUsedAt'), render: (_, tok) => fmt.dateTime(tok.lastUsedAt) },
            {
              key: 'state',
              title: t('tokens.state'),
              render: (_, tok) => {
                const s = tokenState(tok)
                return (
                  <Tag color={STATE_COLOR[s]} data-testid="token-state" data-state={s}>
                    {t(`tokens.state.${s}`)}
                  </Tag>
                )
              },
            },
            {
              key: 'actions',
              title: '',
              align: 'right',
              render: (_, tok) =>
                tokenState(tok) === 'active' ? (
                  <Popconfirm title={t('tokens.revokeConfirm', { name: tok.name })} okText={t('tokens.revoke')} cancelText={t('common.cancel')} onConfirm={() => revoke.mutateAsync(tok.id)}>
                    <Button size="small" danger icon={<DeleteOutlined />} data-testid="token-revoke">
                      {t('tokens.revoke')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      )}
      <Modal
        open={created !== null}
        title={t('tokens.createdTitle', { name: created?.name ?? '' })}
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)} data-testid="token-created-done">
            {t('secret.done')}
          </Button>
        }
        data-testid="token-created"
      >
        {created && (
          <>
            <OneTimeSecret value={created.token} label={t('tokens.token')} data-testid="token-value" />
            <p className="small muted block">{t('tokens.usage')}</p>
            <pre className="code-block">{`Authorization: Bearer ${created.token}`}</pre>
          </>
        )}
      </Modal>
    </div>
  )
}
