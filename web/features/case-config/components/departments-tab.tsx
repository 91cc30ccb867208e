// 部门: the functional departments (职能部门) of the admin's area, with what they handle and their
// members. Each change is saved at once (not with the document): add, edit names and categories,
// switch active, put a department handler in. The city admin cannot list accounts (only the system
// admin has account.manage), so a member is named by their account number.
import { EditOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons'
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd'
import type { FormInstance } from 'antd'
import { useMemo, useState, type HTMLAttributes } from 'react'
import { ApiError } from '../../../shared/api/client'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { applyFieldErrors } from '../../../shared/components/form-errors'
import { useI18n } from '../../../shared/i18n'
import { AreaPicker, useArea } from '../../areas'
import type { CategoryConfig, Department, DepartmentCreate } from '../types'
import { useAddDepartmentMember, useCreateDepartment, useDepartmentList, usePatchDepartment } from '../api/departments'
import { BOUNDS, CATEGORY_CODE, DEPARTMENT_KEY } from '../lib/checks'
import { categoryLabel } from '../lib/labels'

interface Props {
  /** The categories of the saved document (departments refer to saved categories only). */
  categories: readonly CategoryConfig[]
}

function AreaName({ code }: { code: string }) {
  const area = useArea(code)
  return (
    <span>
      {area.data?.name ?? code} <Typography.Text type="secondary" className="small">{code}</Typography.Text>
    </span>
  )
}

/** Category choices for a department: categories and subcategories (active ones, and those already chosen). */
function useDepartmentCategoryOptions(categories: readonly CategoryConfig[], chosen: readonly string[] = []) {
  const i18n = useI18n()
  return categories
    .filter((c) => c.active || chosen.includes(c.code))
    .map((c) => ({ value: c.code, label: categoryLabel(c.code, categories, i18n) }))
}

/** Puts the server's problems with a department form under its fields; whether any was placed. */
function placeErrors(form: FormInstance, error: unknown, i18n: ReturnType<typeof useI18n>): boolean {
  const placed = applyFieldErrors(form, error, ['key', 'areaCode', 'name', 'nameEn', 'categories'], i18n)
  if (!(error instanceof ApiError)) return placed
  const categoryProblems = error.details.filter((d) => typeof d.field === 'string' && d.field.startsWith('/categories/'))
  if (categoryProblems.length === 0) return placed
  form.setFields([{ name: 'categories', errors: categoryProblems.map((d) => i18n.tryT(`caseConfig.problem.${d.problem}`) ?? d.message) }])
  return true
}

export function DepartmentsTab({ categories }: Props) {
  const i18n = useI18n()
  const { t } = i18n
  const { message } = App.useApp()
  const list = useDepartmentList()
  const patch = usePatchDepartment()
  const [filter, setFilter] = useState('')
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<Department | undefined>()
  const [staffing, setStaffing] = useState<Department | undefined>()
  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase()
    const all = list.data ?? []
    return q ? all.filter((d) => [d.code, d.name, d.nameEn, ...d.members.map((m) => `${m.username} ${m.displayName}`)].some((s) => s.toLowerCase().includes(q))) : all
  }, [list.data, filter])

  const toggle = (d: Department, active: boolean) =>
    patch.mutate(
      { code: d.code, patch: { active } },
      { onSuccess: (x) => void message.success(t(x.active ? 'caseConfig.departments.activated' : 'caseConfig.departments.deactivated', { name: x.name })) },
    )

  return (
    <div data-testid="departments-tab">
      <Space wrap className="cc-toolbar">
        <Input.Search allowClear placeholder={t('caseConfig.departments.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} style={{ width: 260 }} data-testid="department-filter" />
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="department-add">
          {t('caseConfig.departments.add')}
        </Button>
      </Space>
      <p className="muted small">{t('caseConfig.departments.help')}</p>
      {list.isError && <ApiErrorAlert error={list.error} />}
      {patch.isError && <ApiErrorAlert error={patch.error} />}
      <Table<Department>
        size="small"
        rowKey="code"
        loading={list.isPending}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 1100 }}
        rowClassName={(d) => (d.active ? '' : 'cc-inactive')}
        onRow={(d) => ({ 'data-testid': 'department-row', 'data-code': d.code, 'data-active': String(d.active) }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t('caseConfig.departments.name'),
            render: (_, d) => (
              <div>
                <div data-testid="department-name">{d.name}</div>
                <div className="muted small">{d.nameEn}</div>
                <Typography.Text code className="small">
                  {d.code}
                </Typography.Text>
              </div>
            ),
          },
          { key: 'area', title: t('caseConfig.departments.area'), width: 180, render: (_, d) => <AreaName code={d.areaCode} /> },
          {
            key: 'categories',
            title: t('caseConfig.departments.categories'),
            width: 300,
            render: (_, d) => (
              <div className="cc-tags">
                {d.categories.map((c) => (
                  <Tag key={c}>{categoryLabel(c, categories, i18n)}</Tag>
                ))}
              </div>
            ),
          },
          {
            key: 'members',
            title: t('caseConfig.departments.members'),
            width: 220,
            render: (_, d) =>
              d.members.length ? (
                <ul className="cc-members" data-testid="department-members">
                  {d.members.map((m) => (
                    <li key={m.accountId} data-account-id={m.accountId}>
                      {m.displayName} <span className="muted small">({m.username}, #{m.accountId})</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="muted">{t('caseConfig.departments.noMembers')}</span>
              ),
          },
          {
            key: 'active',
            title: t('caseConfig.categories.active'),
            width: 80,
            render: (_, d) => (
              <Switch
                size="small"
                checked={d.active}
                loading={patch.isPending && patch.variables?.code === d.code}
                onChange={(v) => toggle(d, v)}
                data-testid="department-active"
              />
            ),
          },
          {
            key: 'actions',
            title: '',
            width: 200,
            render: (_, d) => (
              <Space size={4} wrap>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(d)} data-testid="department-edit">
                  {t('caseConfig.departments.edit')}
                </Button>
                <Button size="small" icon={<UserAddOutlined />} onClick={() => setStaffing(d)} data-testid="department-add-member">
                  {t('caseConfig.departments.addMember')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <CreateDepartmentDialog open={creating} onClose={() => setCreating(false)} onCreated={(d) => setFilter(d.code)} categories={categories} />
      <EditDepartmentDialog department={editing} onClose={() => setEditing(undefined)} categories={categories} />
      <AddMemberDialog department={staffing} departments={list.data ?? []} onClose={() => setStaffing(undefined)} />
    </div>
  )
}

function CreateDepartmentDialog({
  open,
  onClose,
  onCreated,
  categories,
}: {
  open: boolean
  onClose: () => void
  /** The new department is shown (the list is filtered to it). */
  onCreated: (d: Department) => void
  categories: readonly CategoryConfig[]
}) {
  const i18n = useI18n()
  const { t } = i18n
  const { message } = App.useApp()
  const [form] = Form.useForm<DepartmentCreate>()
  const create = useCreateDepartment()
  const [placed, setPlaced] = useState(false)
  const chosen = Form.useWatch('categories', form) ?? []
  const options = useDepartmentCategoryOptions(categories, chosen)
  const close = () => {
    create.reset()
    setPlaced(false)
    onClose()
  }
  const submit = (values: DepartmentCreate) => {
    setPlaced(false)
    create.mutate(
      { ...values, key: values.key.trim(), name: values.name.trim(), nameEn: values.nameEn.trim(), categories: values.categories ?? [] },
      {
        onSuccess: (d) => {
          void message.success(t('caseConfig.departments.created', { name: d.name }))
          form.resetFields()
          onCreated(d)
          close()
        },
        onError: (e) => setPlaced(placeErrors(form, e, i18n)),
      },
    )
  }
  return (
    <Modal
      open={open}
      title={t('caseConfig.departments.createTitle')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('caseConfig.departments.create')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'department-create-submit' }}
      destroyOnHidden
      data-testid="department-create-dialog"
    >
      {create.isError && !placed && <ApiErrorAlert error={create.error} />}
      <Form<DepartmentCreate> form={form} layout="vertical" onFinish={submit} initialValues={{ categories: [] }} preserve={false}>
        <Form.Item
          name="areaCode"
          label={t('caseConfig.departments.area')}
          extra={t('caseConfig.departments.areaHelp')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <AreaPicker levels={['city', 'district', 'street', 'community']} onChange={(code) => form.setFieldValue('areaCode', code)} data-testid="department-area" />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('caseConfig.departments.key')}
          extra={t('caseConfig.departments.keyHelp')}
          rules={[
            { required: true, message: t('form.required') },
            { pattern: DEPARTMENT_KEY, message: t('caseConfig.problem.bad_department_key') },
          ]}
        >
          <Input placeholder="heating" data-testid="department-key" />
        </Form.Item>
        <DepartmentFields options={options} />
      </Form>
    </Modal>
  )
}

function DepartmentFields({ options }: { options: { value: string; label: string }[] }) {
  const { t } = useI18n()
  return (
    <>
      <Form.Item name="name" label={t('caseConfig.departments.nameZh')} rules={[{ required: true, whitespace: true, message: t('form.required') }, { max: BOUNDS.departmentName }]}>
        <Input maxLength={BOUNDS.departmentName} data-testid="department-name-input" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('caseConfig.departments.nameEn')} rules={[{ required: true, whitespace: true, message: t('form.required') }, { max: BOUNDS.departmentNameEn }]}>
        <Input maxLength={BOUNDS.departmentNameEn} data-testid="department-name-en-input" />
      </Form.Item>
      <Form.Item
        name="categories"
        label={t('caseConfig.departments.categories')}
        extra={t('caseConfig.departments.categoriesHelp')}
        rules={[
          { type: 'array', max: BOUNDS.departmentCategories },
          { validator: (_, v: string[] | undefined) => ((v ?? []).every((c) => CATEGORY_CODE.test(c)) ? Promise.resolve() : Promise.reject(new Error(t('caseConfig.problem.bad_code')))) },
        ]}
      >
        <Select mode="multiple" options={options} showSearch={{ optionFilterProp: 'label' }} allowClear data-testid="department-categories" />
      </Form.Item>
    </>
  )
}

function EditDepartmentDialog({ department, onClose, categories }: { department: Department | undefined; onClose: () => void; categories: readonly CategoryConfig[] }) {
  const i18n = useI18n()
  const { t } = i18n
  const { message } = App.useApp()
  const [form] = Form.useForm<{ name: string; nameEn: string; categories: string[] }>()
  const patch = usePatchDepartment()
  const [placed, setPlaced] = useState(false)
  const chosen = Form.useWatch('categories', form) ?? department?.categories ?? []
  const options = useDepartmentCategoryOptions(categories, chosen)
  const close = () => {
    patch.reset()
    setPlaced(false)
    onClose()
  }
  return (
    <Modal
      open={department !== undefined}
      title={department ? t('caseConfig.departments.editTitle', { name: department.name }) : ''}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('caseConfig.departments.saveDepartment')}
      okButtonProps={{ loading: patch.isPending, 'data-testid': 'department-edit-submit' }}
      destroyOnHidden
      data-testid="department-edit-dialog"
    >
      {patch.isError && !placed && <ApiErrorAlert error={patch.error} />}
      {department && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ name: department.name, nameEn: department.nameEn, categories: department.categories }}
          onFinish={(v) =>
            patch.mutate(
              { code: department.code, patch: { name: v.name.trim(), nameEn: v.nameEn.trim(), categories: v.categories ?? [] } },
              {
                onSuccess: (d) => {
                  void message.success(t('caseConfig.departments.saved', { name: d.name }))
                  close()
                },
                onError: (e) => setPlaced(placeErrors(form, e, i18n)),
              },
            )
          }
        >
          <DepartmentFields options={options} />
        </Form>
      )}
    </Modal>
  )
}

function AddMemberDialog({ department, departments, onClose }: { department: Department | undefined; departments: readonly Department[]; onClose: () => void }) {
  const i18n = useI18n()
  const { t } = i18n
  const { message } = App.useApp()
  const add = useAddDepartmentMember()
  const [accountId, setAccountId] = useState<number | null>(null)
  const close = () => {
    add.reset()
    setAccountId(null)
    onClose()
  }
  const current = accountId !== null ? departments.find((d) => d.members.some((m) => m.accountId === accountId)) : undefined
  const error = add.error
  const errorText =
    error instanceof ApiError
      ? error.status === 404
        ? t('caseConfig.departments.memberNotFound')
        : error.details.some((d) => d.problem === 'not_a_handler')
          ? t('caseConfig.problem.not_a_handler')
          : undefined
      : undefined
  const submit = () => {
    if (!department || accountId === null) return
    add.mutate(
      { code: department.code, accountId },
      {
        onSuccess: (d) => {
          const m = d.members.find((x) => x.accountId === accountId)
          void message.success(t('caseConfig.departments.memberAdded', { name: m?.displayName ?? `#${accountId}`, department: d.name }))
          close()
        },
      },
    )
  }
  return (
    <Modal
      open={department !== undefined}
      title={department ? t('caseConfig.departments.addMemberTitle', { name: department.name }) : ''}
      onCancel={close}
      onOk={submit}
      okText={t('caseConfig.departments.addMember')}
      okButtonProps={{ loading: add.isPending, disabled: accountId === null || current?.code === department?.code, 'data-testid': 'member-submit' }}
      destroyOnHidden
      data-testid="member-dialog"
    >
      <Alert type="info" showIcon className="block" title={t('caseConfig.departments.accountIdHelp')} />
      <Form layout="vertical" component="div">
        <Form.Item label={t('caseConfig.departments.accountId')} validateStatus={errorText ? 'error' : undefined} help={errorText}>
          <InputNumber
            value={accountId}
            min={1}
            precision={0}
            onChange={(v) => {
              add.reset()
              setAccountId(typeof v === 'number' ? v : null)
            }}
            onPressEnter={submit}
            style={{ width: 200 }}
            data-testid="member-account-id"
          />
        </Form.Item>
      </Form>
      {current && current.code !== department?.code && (
        <Alert type="warning" showIcon className="block" title={t('caseConfig.departments.memberMoves', { name: current.name })} data-testid="member-moves" />
      )}
      {current && current.code === department?.code && <Alert type="info" showIcon className="block" title={t('caseConfig.departments.memberAlready')} />}
      {error && !errorText && <ApiErrorAlert error={error} />}
    </Modal>
  )
}
