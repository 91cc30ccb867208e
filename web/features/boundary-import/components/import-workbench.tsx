// Importing or redrawing the children of one area: bring features in (a GeoJSON file, the current
// children, or polygons drawn on the map with snapping), fix codes and names, validate with a dry
// run, then apply — never without a passing dry run of exactly what is applied.
import { CheckCircleOutlined, ClearOutlined, CloudDownloadOutlined, CloudUploadOutlined, DownloadOutlined } from '@ant-design/icons'
import { App, Alert, Button, Radio, Space, Spin, Typography, type ButtonProps } from 'antd'
import type { Position } from 'geojson'
import { useEffect, useMemo, useRef, useState } from 'react'
import { Link } from 'react-router'
import { childLevel, AREA_LEVELS } from '../../../../shared/area-codes'
import { AreaPicker, LevelTag, useArea, useAreaExport, useAreaGeometry, type AreaLevel } from '../../areas'
import type { ApiErrorDetail } from '../../../shared/api/client'
import { ApiErrorAlert, describeDetail } from '../../../shared/components/api-error-alert'
import { paths } from '../../../shared/config/paths'
import { useI18n } from '../../../shared/i18n'
import { downloadText } from '../../../shared/lib/download'
import { bboxOf, MAP_LEVELS, type MapLevel } from '../../../shared/map'
import { useImportBoundaries, type ImportMode } from '../api/import-boundaries'
import { checkFeatures, chineseNumber, newFeatureId, suggestChildCode, toImportBody, type WorkingFeature } from '../lib/working-set'
import { FeatureList } from './feature-list'
import { FileSource, type LoadedFile } from './file-source'
import { ImportMap, type ImportMapHandle, type ProblemShape } from './import-map'
import { ValidationPanel, type CheckOutcome } from './validation-panel'

interface ImportWorkbenchProps {
  parentCode?: string
  onParentChange: (code: string) => void
}

interface Checked {
  revision: number
  mode: ImportMode
  outcome: CheckOutcome
}

export function ImportWorkbench({ parentCode, onParentChange }: ImportWorkbenchProps) {
  const i18n = useI18n()
  const { t } = i18n
  const { modal, message } = App.useApp()
  const parent = useArea(parentCode)
  const parentGeometry = useAreaGeometry(parentCode)
  const level: AreaLevel | undefined = parent.data ? childLevel(parent.data.level) : undefined
  const current = useAreaExport(level ? parentCode : undefined, level ? [level] : undefined)

  const [features, setFeatures] = useState<WorkingFeature[]>([])
  const [revision, setRevision] = useState(0)
  const [selectedId, setSelectedId] = useState<string>()
  const [mode, setMode] = useState<ImportMode>('upsert')
  const [file, setFile] = useState<LoadedFile | null>(null)
  const [checked, setChecked] = useState<Checked | null>(null)
  const mapRef = useRef<ImportMapHandle>(null)
  const resultRef = useRef<HTMLDivElement>(null)
  // Bring each new check result into view.
  useEffect(() => {
    if (checked) resultRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [checked])
  const validate = useImportBoundaries()
  const apply = useImportBoundaries()

  const edit = (next: (prev: WorkingFeature[]) => WorkingFeature[]) => {
    setFeatures(next)
    setRevision((r) => r + 1)
  }

  const localChecks = useMemo(() => checkFeatures(features, parentCode ?? '', parent.data?.level), [features, parentCode, parent.data?.level])
  const stale = checked ? checked.revision !== revision || checked.mode !== mode : false

  // Problems from the last failed check, mapped onto the features and the map.
  const failure = checked?.outcome.status === 'failed' ? checked.outcome.error : undefined
  const details: ApiErrorDetail[] = useMemo(() => {
    const e = failure as { details?: ApiErrorDetail[] } | undefined
    return Array.isArray(e?.details) ? e.details : []
  }, [failure])
  const { problemIds, serverProblems, problemShapes } = useMemo(() => {
    const ids = new Set<string>()
    const messages = new Map<string, string[]>()
    const shapes: ProblemShape[] = []
    const byCode = new Map(features.map((f) => [f.code.trim(), f]))
    details.forEach((d, row) => {
      const f = typeof d.feature === 'number' ? features[d.feature] : d.areaCode ? byCode.get(d.areaCode) : undefined
      if (f) {
        ids.add(f.id)
        messages.set(f.id, [...(messages.get(f.id) ?? []), describeDetail(d, i18n)])
      }
      const g = d.geometry as { type?: unknown } | undefined
      if (g && typeof g === 'object' && typeof g.type === 'string') shapes.push({ row, problem: d.problem ?? 'problem', geometry: d.geometry as ProblemShape['geometry'] })
    })
    return { problemIds: ids, serverProblems: messages, problemShapes: shapes }
  }, [details, features, i18n])

  const hiddenLevels = useMemo<MapLevel[]>(() => {
    if (!level) return []
    const rank = AREA_LEVELS.indexOf(level)
    return MAP_LEVELS.filter((l) => AREA_LEVELS.indexOf(l) >= rank)
  }, [level])

  const replaceAll = (next: WorkingFeature[], what: string) => {
    const go = () => {
      edit(() => next)
      setSelectedId(undefined)
      setChecked(null)
    }
    if (features.length === 0) go()
    else
      modal.confirm({
        title: t('features.replaceTitle'),
        content: t('features.replaceText', { count: features.length, what }),
        okText: t('common.replace'),
        cancelText: t('common.cancel'),
        onOk: go,
      })
  }

  const loadCurrent = () => {
    const items = current.data?.features ?? []
    setFile(null)
    replaceAll(
      items.map((f) => ({
        id: newFeatureId(),
        code: f.properties.code,
        name: f.properties.name,
        responsibleUnit: f.properties.responsible_unit ?? '',
        geometry: f.geometry,
        origin: 'current' as const,
      })),
      t('features.whatCurrent', { count: items.length }),
    )
  }

  const onFile = (loaded: LoadedFile) => {
    setFile(loaded)
    if (loaded.parse.errors.length > 0) return
    replaceAll(
      loaded.parse.features.map((f) => ({ id: newFeatureId(), ...f, origin: 'file' as const })),
      t('features.whatFile', { name: loaded.name, count: loaded.parse.features.length }),
    )
  }

  const onDrawn = (ring: Position[], targetId?: string) => {
    const geometry = { type: 'Polygon' as const, coordinates: [ring] }
    if (targetId) {
      edit((prev) => prev.map((f) => (f.id === targetId ? { ...f, geometry, origin: f.origin === 'current' ? 'drawn' : f.origin } : f)))
      setSelectedId(targetId)
      return
    }
    if (!parent.data || !parentCode) return
    const taken = [...features.map((f) => f.code), ...(current.data?.features.map((f) => f.properties.code) ?? [])]
    const code = suggestChildCode(parentCode, parent.data.level, taken)
    const serial = code ? Number(code.slice(parentCode.length)) : features.length + 1
    const id = newFeatureId()
    const name = level === 'grid' ? `第${chineseNumber(serial)}网格` : ''
    edit((prev) => [...prev, { id, code, name, responsibleUnit: '', geometry, origin: 'drawn' }])
    setSelectedId(id)
  }

  const zoomToFeature = (id: string) => {
    const f = features.find((x) => x.id === id)
    const b = f && bboxOf(f.geometry)
    if (b) mapRef.current?.zoomTo(b)
  }

  const runDryRun = async () => {
    if (!parentCode) return
    const rev = revision
    const m = mode
    try {
      const result = await validate.mutateAsync({ parentCode, mode: m, dryRun: true, body: toImportBody(features) })
      setChecked({ revision: rev, mode: m, outcome: { status: 'passed', result } })
    } catch (error) {
      setChecked({ revision: rev, mode: m, outcome: { status: 'failed', error, applying: false } })
    }
  }

  const canApply = checked !== null && !stale && checked.outcome.status === 'passed'
  const runApply = () => {
    if (!parentCode || !canApply || checked.outcome.status !== 'passed') return
    const preview = checked.outcome.result
    const rev = revision
    const m = mode
    modal.confirm({
      title: t(m === 'replace' ? 'apply.confirmReplaceTitle' : 'apply.confirmUpsertTitle'),
      width: 520,
      content: (
        <div data-testid="apply-confirm">
          <p>{t(m === 'replace' ? 'mode.replaceHelp' : 'mode.upsertHelp')}</p>
          <p>
            {t('apply.confirmCounts', { created: preview.created.length, updated: preview.updated.length, retired: preview.retired.length, unchanged: preview.unchanged })}
          </p>
          {preview.retired.length > 0 && (
            <Alert type="warning" showIcon title={t('apply.retiredList', { codes: preview.retired.join(', ') })} />
          )}
        </div>
      ),
      okText: t('apply.confirmOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: preview.retired.length > 0, 'data-testid': 'apply-confirm-ok' } as ButtonProps,
      onOk: async () => {
        try {
          const result = await apply.mutateAsync({ parentCode, mode: m, dryRun: false, body: toImportBody(features) })
          setChecked({ revision: rev, mode: m, outcome: { status: 'applied', result } })
          message.success(t('validate.appliedTitle', { id: result.changeId ?? '—' }))
        } catch (error) {
          setChecked({ revision: rev, mode: m, outcome: { status: 'failed', error, applying: true } })
        }
      },
    })
  }

  const onProblem = (row: number, d: ApiErrorDetail) => {
    const f = typeof d.feature === 'number' ? features[d.feature] : undefined
    if (f) setSelectedId(f.id)
    const shape = problemShapes.find((s) => s.row === row)
    const b = shape ? bboxOf(shape.geometry) : f ? bboxOf(f.geometry) : undefined
    if (b) mapRef.current?.zoomTo(b)
  }

  const header = (
    <div className="import-parent">
      <label htmlFor="import-parent" className="field-label">
        {t('import.parent')}
      </label>
      <AreaPicker id="import-parent" value={parentCode} onChange={onParentChange} levels={['city', 'district', 'street', 'community']} data-testid="import-parent" style={{ width: '100%' }} />
      {parent.data && level && (
        <div className="muted small">
          {t('import.parentInfo', { count: parent.data.childCount })} <LevelTag level={level} />{' '}
          <Link to={paths.map(parent.data.code)} className="small">
            {t('import.showOnMap')}
          </Link>
        </div>
      )}
    </div>
  )

  let body
  if (!parentCode) body = <Alert type="info" showIcon title={t('import.pickParent')} />
  else if (parent.isPending) body = <Spin />
  else if (parent.isError) body = <ApiErrorAlert error={parent.error} />
  else if (!level) body = <Alert type="warning" showIcon title={t('import.gridHasNoChildren')} />
  else
    body = (
      <>
        <section className="panel-section" aria-labelledby="import-step-source">
          <Typography.Title level={5} id="import-step-source">
            1. {t('import.stepSource')}
          </Typography.Title>
          <FileSource file={file} onFile={onFile} />
          <Space wrap className="block">
            <Button icon={<CloudDownloadOutlined />} onClick={loadCurrent} loading={current.isFetching} disabled={!current.data || current.data.features.length === 0} data-testid="load-current">
              {t('import.loadCurrent', { count: current.data?.features.length ?? 0 })}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              disabled={features.length === 0}
              onClick={() => downloadText(`${parentCode}-${level}.geojson`, JSON.stringify(toImportBody(features)))}
            >
              {t('import.download')}
            </Button>
            <Button icon={<ClearOutlined />} disabled={features.length === 0} onClick={() => replaceAll([], t('features.whatNothing'))}>
              {t('import.clear')}
            </Button>
          </Space>
          {current.isError && <ApiErrorAlert error={current.error} />}
          <div className="muted small">{t('import.drawHint')}</div>
        </section>

        <section className="panel-section" aria-labelledby="import-step-edit">
          <Typography.Title level={5} id="import-step-edit">
            2. {t('import.stepEdit', { count: features.length })}
          </Typography.Title>
          <FeatureList
            features={features}
            selectedId={selectedId}
            checks={localChecks}
            serverProblems={serverProblems}
            onChange={(id, patch) => edit((prev) => prev.map((f) => (f.id === id ? { ...f, ...patch } : f)))}
            onSelect={setSelectedId}
            onZoom={zoomToFeature}
            onRedraw={(id) => {
              setSelectedId(id)
              mapRef.current?.startDraw(id)
            }}
            onDelete={(id) => edit((prev) => prev.filter((f) => f.id !== id))}
          />
        </section>

        <section className="panel-section" aria-labelledby="import-step-check">
          <Typography.Title level={5} id="import-step-check">
            3. {t('import.stepCheck')}
          </Typography.Title>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)} data-testid="import-mode" className="mode-group">
            <Radio value="upsert">
              <b>{t('mode.upsert')}</b> — {t('mode.upsertHelp')}
            </Radio>
            <Radio value="replace" data-testid="mode-replace">
              <b>{t('mode.replace')}</b> — {t('mode.replaceHelp')}
            </Radio>
          </Radio.Group>
          <Space wrap className="block">
            <Button icon={<CheckCircleOutlined />} onClick={runDryRun} loading={validate.isPending} disabled={features.length === 0} data-testid="import-validate">
              {t('import.validate')}
            </Button>
            <Button
              type="primary"
              danger={mode === 'replace'}
              icon={<CloudUploadOutlined />}
              onClick={runApply}
              loading={apply.isPending}
              disabled={!canApply}
              data-testid="import-apply"
            >
              {t('import.apply')}
            </Button>
          </Space>
          {!canApply && features.length > 0 && <div className="muted small">{t('import.applyNeedsDryRun')}</div>}
          {checked && (
            <div ref={resultRef}>
              <ValidationPanel outcome={checked.outcome} stale={stale} features={features} onProblem={onProblem} />
            </div>
          )}
        </section>
      </>
    )

  return (
    <div className="split-page">
      <div className="split-side split-side-wide">
        <div className="split-scroll">
          {header}
          {body}
        </div>
      </div>
      <div className="split-map">
        <ImportMap
          ref={mapRef}
          parent={parentGeometry.data}
          parentBbox={parent.data?.bbox}
          currentChildren={current.data}
          features={features}
          selectedId={selectedId}
          problemIds={problemIds}
          problems={problemShapes}
          hiddenLevels={hiddenLevels}
          onSelect={setSelectedId}
          onDrawn={onDrawn}
        />
      </div>
    </div>
  )
}
