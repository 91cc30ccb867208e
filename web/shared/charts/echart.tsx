// A small wrapper around ECharts, shared by the registry's dashboard and the case metrics: one chart
// in a div, drawn with the SVG renderer, resized with its box, its option replaced when it changes,
// clicks on data reported by index. ECharts itself is imported on first use (its own chunk).
import type { ECharts, EChartsCoreOption } from 'echarts/core'
import { useEffect, useRef, useState } from 'react'

interface EChartProps {
  option: EChartsCoreOption
  height: number
  /** Called with the index of the clicked data item. */
  onItemClick?: (dataIndex: number) => void
  ariaLabel: string
  'data-testid'?: string
}

export function EChart({ option, height, onItemClick, ariaLabel, 'data-testid': testId }: EChartProps) {
  const box = useRef<HTMLDivElement>(null)
  const [chart, setChart] = useState<ECharts | undefined>()
  const clickRef = useRef(onItemClick)
  useEffect(() => {
    clickRef.current = onItemClick
  }, [onItemClick])

  useEffect(() => {
    let disposed = false
    let instance: ECharts | undefined
    let observer: ResizeObserver | undefined
    void import('./echarts-setup').then(({ echarts }) => {
      if (disposed || !box.current) return
      instance = echarts.init(box.current, undefined, { renderer: 'svg' })
      instance.on('click', (params) => {
        if (typeof params.dataIndex === 'number') clickRef.current?.(params.dataIndex)
      })
      observer = new ResizeObserver(() => instance?.resize())
      observer.observe(box.current)
      setChart(instance)
    })
    return () => {
      disposed = true
      observer?.disconnect()
      instance?.dispose()
    }
  }, [])

  useEffect(() => {
    chart?.setOption(option, { notMerge: true })
  }, [chart, option])

  useEffect(() => {
    chart?.resize()
  }, [chart, height])

  return <div ref={box} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} data-testid={testId} data-ready={chart ? 'true' : 'false'} />
}
