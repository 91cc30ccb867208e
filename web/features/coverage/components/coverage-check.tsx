// The coverage check page body: pick a root and a tolerance, run, read the summary, the issue table
// and the map of issue geometries.
import { PlayCircleOutlined } from '@ant-design/icons'
import { Button, Form, InputNumber, Spin } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { AreaPicker, useArea, useAreas } from '../../areas'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useCoverage, type CoverageParams } from '../api/get-coverage'
import { CoverageIssueTable, type IssueRow } from './coverage-issue-table'
import { CoverageMap, type CoverageMapHandle } from './coverage-map'
import { CoverageSummary } from './coverage-summary'

interface CoverageCheckProps {
  /** The check to show (from the URL); nothing runs until there is one. */
  params?: CoverageParams
  /** Asks for a check of these parameters (the page puts them into the URL). */
  onRun: (params: CoverageParams) => void
}

export function CoverageCheck({ params, onRun }: CoverageCheckProps) {
  const { t } = useI18n()
  const roots = useAreas(null)
  const [root, setRoot] = useState<string | undefined>(params?.root)
  const [tolerance, setTolerance] = useState<number>(params?.toleranceM2 ?? 1)
  const [selected, setSelected] = useState<number | undefined>()
  const mapRef = useRef<CoverageMapHandle>(null)

  // Default root: the city.
  useEffect(() => {
    if (!root && roots.data?.[0]) setRoot(roots.data[0].code)
  }, [root, roots.data])
  useEffect(() => {
    if (params) {
      setRoot(params.root)
      setTolerance(params.toleranceM2)
    }
    // The form follows the URL's values, not the params object's identity.
  }, [params?.root, params?.toleranceM2])

  const coverage = useCoverage(params)
  const shownRoot = params?.root ?? root
  const rootArea = useArea(shownRoot)
  const rows = useMemo<IssueRow[]>(() => (coverage.data?.issues.features ?? []).map((f, index) => ({ ...f.properties, index })), [coverage.data])
  useEffect(() => setSelected(undefined), [coverage.data])

  const run = () => {
    if (!root) return
    const next = { root, toleranceM2: tolerance }
    if (params && params.root === next.root && params.toleranceM2 === next.toleranceM2) void coverage.refetch()
    else onRun(next)
  }

  return (
    <div className="split-page">
      <div className="split-side">
        <Form layout="inline" className="toolbar-form" onFinish={run} data-testid="coverage-form">
          <Form.Item label={t('coverage.root')} htmlFor="coverage-root">
            <AreaPicker id="coverage-root" value={root} onChange={setRoot} levels={['city', 'district', 'street', 'community']} data-testid="coverage-root" />
          </Form.Item>
          <Form.Item label={t('coverage.tolerance')} htmlFor="coverage-tolerance" tooltip={t('coverage.toleranceHint')}>
            <InputNumber
              id="coverage-tolerance"
              min={0}
              step={1}
              value={tolerance}
              onChange={(v) => setTolerance(typeof v === 'number' ? v : 0)}
              suffix="m²"
              style={{ width: 120 }}
              data-testid="coverage-tolerance"
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={coverage.isFetching} disabled={!root} data-testid="coverage-run">
              {t('coverage.run')}
            </Button>
          </Form.Item>
        </Form>
        <div className="split-scroll">
          {!params && <div className="muted pad">{t('coverage.intro')}</div>}
          {params && coverage.isFetching && (
            <div className="center-pad" data-testid="coverage-running">
              <Spin />
              <div className="muted">{t('coverage.running')}</div>
            </div>
          )}
          {params && coverage.isError && !coverage.isFetching && <ApiErrorAlert error={coverage.error} />}
          {coverage.data && !coverage.isFetching && (
            <>
              <CoverageSummary report={coverage.data} rootName={rootArea.data?.name} />
              {rows.length > 0 && (
                <CoverageIssueTable
                  rows={rows}
                  selected={selected}
                  onZoom={(i) => {
                    setSelected(i)
                    mapRef.current?.zoomTo(i)
                  }}
                />
              )}
            </>
          )}
        </div>
      </div>
      <div className="split-map">
        <CoverageMap ref={mapRef} rootCode={shownRoot} rootBbox={rootArea.data?.bbox} issues={coverage.data?.issues} selected={selected} onPick={setSelected} />
      </div>
    </div>
  )
}
