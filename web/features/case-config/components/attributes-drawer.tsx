// The Open311 attributes of a subcategory (the questions a report of it asks, GeoReport v2 service
// definitions): code, question, type, required, order, and the choices of a list. Edits go straight
// into the draft; the document is saved with the page's "save".
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Card, Drawer, Empty, Form, Grid, Input, InputNumber, Select, Space, Switch } from 'antd'
import { useI18n } from '../../../shared/i18n'
import { ATTRIBUTE_DATATYPES, type CaseAttribute, type ConfigProblem, type DraftCategory } from '../types'
import { BOUNDS, isListDatatype } from '../lib/checks'
import { problemText } from '../lib/labels'

interface Props {
  category: DraftCategory | undefined
  title: string
  problems: readonly ConfigProblem[]
  onChange: (attributes: CaseAttribute[]) => void
  onClose: () => void
}

export function AttributesDrawer({ category, title, problems, onChange, onClose }: Props) {
  const i18n = useI18n()
  const { t } = i18n
  const screens = Grid.useBreakpoint()
  const attrs = category?.attributes ?? []
  const help = (field: string, nested = false) => {
    const ps = category ? problems.filter((p) => p.row === category.key && (p.field === field || (nested && p.field?.startsWith(`${field}/`)))) : []
    return ps.length ? { validateStatus: 'error' as const, help: ps.map((p) => problemText(p, i18n)).join('；') } : {}
  }
  const set = (j: number, patch: Partial<CaseAttribute>) => onChange(attrs.map((a, i) => (i === j ? { ...a, ...patch } : a)))
  const add = () =>
    onChange([...attrs, { variable: true, code: '', datatype: 'string', required: false, order: attrs.reduce((m, a) => Math.max(m, a.order), 0) + 1, description: '' }])

  return (
    <Drawer
      open={category !== undefined}
      onClose={onClose}
      title={t('caseConfig.attributes.title', { name: title })}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
      data-testid="attributes-drawer"
      extra={
        <Button icon={<PlusOutlined />} onClick={add} disabled={attrs.length >= BOUNDS.attributes} data-testid="attribute-add">
          {t('caseConfig.attributes.add')}
        </Button>
      }
    >
      <p className="muted small">{t('caseConfig.attributes.help', { code: category?.code ?? '' })}</p>
      {attrs.length === 0 && <Empty description={t('caseConfig.attributes.none')} />}
      {attrs.map((a, j) => {
        const at = `attributes/${j}`
        const list = isListDatatype(a.datatype)
        return (
          <Card
            key={j}
            size="small"
            className="block"
            data-testid="attribute-card"
            title={a.code || t('caseConfig.attributes.untitled')}
            extra={<Button size="small" danger icon={<DeleteOutlined />} onClick={() => onChange(attrs.filter((_, i) => i !== j))} aria-label={t('caseConfig.remove')} data-testid="attribute-remove" />}
          >
            <Form layout="vertical" component="div">
              <div className="cc-attr-grid">
                <Form.Item label={t('caseConfig.attributes.code')} {...help(`${at}/code`)}>
                  <Input value={a.code} onChange={(e) => set(j, { code: e.target.value.trim() })} placeholder="floor_count" data-testid="attribute-code" />
                </Form.Item>
                <Form.Item label={t('caseConfig.attributes.datatype')} {...help(`${at}/datatype`)}>
                  <Select
                    value={a.datatype}
                    onChange={(datatype) => set(j, { datatype, ...(isListDatatype(datatype) ? { values: a.values ?? [] } : { values: undefined }) })}
                    options={ATTRIBUTE_DATATYPES.map((d) => ({ value: d, label: t(`caseConfig.datatype.${d}`) }))}
                    data-testid="attribute-datatype"
                  />
                </Form.Item>
                <Form.Item label={t('caseConfig.attributes.order')} {...help(`${at}/order`)}>
                  <InputNumber value={a.order} min={0} max={BOUNDS.attributeOrder} precision={0} onChange={(v) => set(j, { order: v ?? 0 })} data-testid="attribute-order" />
                </Form.Item>
              </div>
              <Form.Item label={t('caseConfig.attributes.description')} {...help(`${at}/description`)}>
                <Input value={a.description} maxLength={BOUNDS.attributeDescription} onChange={(e) => set(j, { description: e.target.value })} data-testid="attribute-description" />
              </Form.Item>
              <Form.Item label={t('caseConfig.attributes.datatypeDescription')} {...help(`${at}/datatype_description`)}>
                <Input
                  value={a.datatype_description ?? ''}
                  maxLength={BOUNDS.datatypeDescription}
                  onChange={(e) => set(j, { datatype_description: e.target.value || undefined })}
                  data-testid="attribute-datatype-description"
                />
              </Form.Item>
              <Space size="large" wrap>
                <span>
                  <Switch size="small" checked={a.required} onChange={(required) => set(j, { required })} data-testid="attribute-required" /> {t('caseConfig.attributes.required')}
                </span>
                <span>
                  <Switch size="small" checked={a.variable} onChange={(variable) => set(j, { variable })} data-testid="attribute-variable" /> {t('caseConfig.attributes.variable')}
                </span>
              </Space>
              {(list || (a.values?.length ?? 0) > 0) && (
                <Form.Item label={t('caseConfig.attributes.values')} {...help(`${at}/values`, true)} className="cc-values">
                  {(a.values ?? []).map((v, k) => (
                    <Space.Compact key={k} block className="cc-value-row">
                      <Input
                        value={v.key}
                        placeholder={t('caseConfig.attributes.valueKey')}
                        status={help(`${at}/values/${k}/key`).validateStatus}
                        onChange={(e) => set(j, { values: (a.values ?? []).map((x, i) => (i === k ? { ...x, key: e.target.value } : x)) })}
                        data-testid="attribute-value-key"
                      />
                      <Input
                        value={v.name}
                        placeholder={t('caseConfig.attributes.valueName')}
                        status={help(`${at}/values/${k}/name`).validateStatus}
                        onChange={(e) => set(j, { values: (a.values ?? []).map((x, i) => (i === k ? { ...x, name: e.target.value } : x)) })}
                        data-testid="attribute-value-name"
                      />
                      <Button icon={<DeleteOutlined />} onClick={() => set(j, { values: (a.values ?? []).filter((_, i) => i !== k) })} aria-label={t('caseConfig.remove')} />
                    </Space.Compact>
                  ))}
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    disabled={(a.values?.length ?? 0) >= BOUNDS.values}
                    onClick={() => set(j, { values: [...(a.values ?? []), { key: '', name: '' }] })}
                    data-testid="attribute-value-add"
                  >
                    {t('caseConfig.attributes.addValue')}
                  </Button>
                </Form.Item>
              )}
            </Form>
          </Card>
        )
      })}
    </Drawer>
  )
}
