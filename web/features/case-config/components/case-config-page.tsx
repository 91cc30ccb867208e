// The city admin's case configuration (/admin/case-config): categories, time limits, escalation rules,
// the work calendar and the settings edited as one document (the draft) and saved as a whole against
// the version read — one "save", with the count of pending changes; when someone else saved in
// between, the page says so and offers to load theirs (as the security policy does). Every problem
// the server would find is shown as the admin types, at its row and field; the server's own answer
// (400 with JSON pointers) is placed the same way. Departments save per action in their own tab.
import { ReloadOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons'
import { Alert, Badge, Button, Modal, Popconfirm, Space, Spin, Tabs } from 'antd'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useBlocker, useSearchParams } from 'react-router'
import type { ApiErrorDetail } from '../../../shared/api/client'
import { isStaleVersion } from '../../../shared/api/field-errors'
import { ApiErrorAlert, describeDetail } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { CONFIG_TABS, type ConfigProblem, type ConfigTab, type Draft } from '../types'
import { useCaseConfig, useSaveCaseConfig } from '../api/case-config'
import { checkDraft, countByTab } from '../lib/checks'
import { countChanges, toDocument, toDraft } from '../lib/draft'
import { dropEdited, serverProblems } from '../lib/server-problems'
import { CalendarTab } from './calendar-tab'
import { CategoriesTab } from './categories-tab'
import { DepartmentsTab } from './departments-tab'
import { EscalationsTab } from './escalations-tab'
import { LimitsTab } from './limits-tab'
import { SettingsTab } from './settings-tab'
import type { Editor } from './bits'
import './case-config.css'

type PageTab = ConfigTab | 'departments'
const PAGE_TABS: readonly PageTab[] = [...CONFIG_TABS, 'departments']

/** The same problem found by the browser and by the server is shown once. */
const sameProblem = (a: ConfigProblem, b: ConfigProblem) => a.tab === b.tab && a.row === b.row && a.field === b.field && a.problem === b.problem

export function CaseConfigPage() {
  const i18n = useI18n()
  const { t, fmt } = i18n
  const config = useCaseConfig()
  const save = useSaveCaseConfig()
  const [params, setParams] = useSearchParams()
  const tabParam = params.get('tab') as PageTab | null
  const tab: PageTab = tabParam && PAGE_TABS.includes(tabParam) ? tabParam : 'categories'
  const setTab = useCallback((next: PageTab) => setParams((p) => ({ ...Object.fromEntries(p), tab: next }), { replace: true }), [setParams])
  const [base, setBase] = useState<Draft | null>(null)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [fromServer, setFromServer] = useState<ConfigProblem[]>([])
  const [otherDetails, setOtherDetails] = useState<ApiErrorDetail[]>([])
  const [saved, setSaved] = useState(false)
  const view = config.data

  const load = useCallback((d: Draft) => {
    setBase(d)
    setDraft(d)
    setFromServer([])
    setOtherDetails([])
  }, [])
  useEffect(() => {
    if (view) load(toDraft(view))
  }, [view, load])

  const local = useMemo(() => (draft ? checkDraft(draft) : []), [draft])
  const problems = useMemo(() => [...local, ...fromServer.filter((s) => !local.some((l) => sameProblem(l, s)))], [local, fromServer])
  const changes = useMemo(() => (base && draft ? countChanges(base, draft) : undefined), [base, draft])
  const perTab = useMemo(() => countByTab(problems), [problems])
  const dirty = (changes?.total ?? 0) > 0

  // Leaving the page with unsaved changes asks first (changing the tab does not).
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname)

  const edit: Editor = useCallback((tabEdited, row, change) => {
    setDraft((d) => (d ? change(d) : d))
    setFromServer((p) => dropEdited(p, { tab: tabEdited, row }))
    setSaved(false)
  }, [])

  if (config.isPending) return <Spin className="page-spin" />
  if (config.isError) return <ApiErrorAlert error={config.error} />
  if (!view || !draft || !base || !changes) return <Spin className="page-spin" />

  const conflict = isStaleVersion(save.error)
  const reload = async () => {
    save.reset()
    setSaved(false)
    const r = await config.refetch()
    if (r.data) load(toDraft(r.data))
  }
  const discard = () => {
    save.reset()
    setSaved(false)
    load(base)
  }
  const submit = () => {
    if (local.length > 0) {
      const first = local[0]
      if (first) setTab(first.tab)
      return
    }
    const sent = draft
    setSaved(false)
    setFromServer([])
    setOtherDetails([])
    save.mutate(
      { version: view.version, config: toDocument(sent) },
      {
        onSuccess: () => setSaved(true),
        onError: (e) => {
          const { problems: placed, other } = serverProblems(e, sent)
          setFromServer(placed)
          setOtherDetails(other)
          const first = placed[0]
          if (first) setTab(first.tab)
        },
      },
    )
  }

  const placedCount = fromServer.length
  const saveError = save.isError && !conflict ? save.error : undefined
  const label = (key: PageTab) => {
    const text = t(`caseConfig.tab.${key}`)
    if (key === 'departments') return <span data-testid="tab-departments">{text}</span>
    return (
      <span data-testid={`tab-${key}`} data-problems={perTab[key]} data-changes={changes[key]}>
        {text}
        {perTab[key] > 0 ? (
          <Badge count={perTab[key]} size="small" className="cc-tab-badge" />
        ) : changes[key] > 0 ? (
          <Badge status="processing" className="cc-tab-badge" title={t('caseConfig.tabChanged')} />
        ) : null}
      </span>
    )
  }
  const tabProps = { draft, problems, edit }

  return (
    <div className="admin-page cc-page" data-testid="case-config">
      <div className="admin-head cc-head">
        <h1 className="admin-title">{t('caseConfig.title')}</h1>
        <Space wrap>
          {local.length > 0 && (
            <span className="cc-problem-count" data-testid="config-problem-count" data-count={local.length}>
              {t('caseConfig.problemCount', { count: local.length })}
            </span>
          )}
          <span className="muted" data-testid="config-pending" data-count={changes.total}>
            {changes.total === 0 ? t('caseConfig.noChanges') : t('caseConfig.pending', { count: changes.total })}
          </span>
          <Popconfirm title={t('caseConfig.discardConfirm')} onConfirm={discard} okText={t('caseConfig.discard')} cancelText={t('caseConfig.keepEditing')} disabled={!dirty}>
            <Button icon={<UndoOutlined />} disabled={!dirty || save.isPending} data-testid="config-discard">
              {t('caseConfig.discard')}
            </Button>
          </Popconfirm>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            onClick={submit}
            loading={save.isPending}
            disabled={!dirty || conflict || local.length > 0}
            data-testid="config-save"
          >
            {changes.total > 0 ? t('caseConfig.saveCount', { count: changes.total }) : t('caseConfig.save')}
          </Button>
        </Space>
      </div>
      <div className="muted small" data-testid="config-version" data-version={view.version}>
        {view.updatedBy ? t('caseConfig.updated', { at: fmt.dateTime(view.updatedAt), by: view.updatedBy, version: view.version }) : t('caseConfig.version', { version: view.version })}
      </div>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          className="block"
          title={t('caseConfig.conflictTitle')}
          description={t('caseConfig.conflictText')}
          data-testid="config-conflict"
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void reload()} loading={config.isFetching} data-testid="config-reload">
              {t('caseConfig.reload')}
            </Button>
          }
        />
      )}
      {saved && <Alert type="success" showIcon closable className="block" title={t('caseConfig.saved', { version: view.version })} data-testid="config-saved" onClose={() => setSaved(false)} />}
      {saveError !== undefined && placedCount > 0 && (
        <Alert type="error" showIcon className="block" title={t('caseConfig.serverProblems', { count: placedCount })} data-testid="config-server-problems" />
      )}
      {saveError !== undefined && (placedCount === 0 || otherDetails.length > 0) && (
        <ApiErrorAlert error={saveError} data-testid="config-save-error" />
      )}
      {otherDetails.length > 0 && placedCount > 0 && (
        <ul className="cc-problems">
          {otherDetails.map((d, i) => (
            <li key={i}>{describeDetail(d, i18n)}</li>
          ))}
        </ul>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as PageTab)}
        data-testid="config-tabs"
        items={[
          { key: 'categories', label: label('categories'), children: <CategoriesTab {...tabProps} /> },
          { key: 'limits', label: label('limits'), children: <LimitsTab {...tabProps} /> },
          { key: 'escalations', label: label('escalations'), children: <EscalationsTab {...tabProps} /> },
          { key: 'calendar', label: label('calendar'), children: <CalendarTab {...tabProps} /> },
          { key: 'settings', label: label('settings'), children: <SettingsTab {...tabProps} /> },
          { key: 'departments', label: label('departments'), children: <DepartmentsTab categories={view.categories} /> },
        ]}
      />
      <Modal
        open={blocker.state === 'blocked'}
        title={t('caseConfig.leaveTitle')}
        okText={t('caseConfig.leave')}
        cancelText={t('caseConfig.keepEditing')}
        okButtonProps={{ danger: true }}
        onOk={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
        data-testid="config-leave"
      >
        {t('caseConfig.leaveText', { count: changes.total })}
      </Modal>
    </div>
  )
}
