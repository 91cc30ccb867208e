// Public entry of the case-metrics feature (事件指标): an area's figures over a period, drillable to
// the areas below, every figure linked to the cases behind it.
export { MetricsPage } from './components/metrics-page'
export { casesLink, type MetricLink, METRIC_LINKS } from './lib/metrics'
