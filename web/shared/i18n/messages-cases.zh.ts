// 简体中文 messages of the case pages (merged into messages.zh.ts); the other language's file has the same keys.
export const casesZh = {
  'nav.cases': '事件办理',
  'nav.caseMetrics': '事件指标',
}
