// English messages of the case pages (merged into messages.en.ts); the other language's file has the same keys.
export const casesEn = {
  'nav.cases': 'Cases',
  'nav.caseMetrics': 'Case metrics',
}
