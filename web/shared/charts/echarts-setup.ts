// The parts of ECharts the app draws with (bar charts, axes, legend, tooltips, the ARIA description),
// registered once. Loaded on demand by EChart, so ECharts is fetched only with a page that shows a chart.
import * as echarts from 'echarts/core'
import { BarChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer])

export { echarts }
