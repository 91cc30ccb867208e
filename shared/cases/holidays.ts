// Official Chinese public holidays and make-up working days (调休上班) for case time limits.
//
// Source: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号) and
// 国务院办公厅关于2026年部分节假日安排的通知. Later years are added by the city admin in the app
// (stored in the database as a WorkCalendarSpec); this list only seeds the default calendar.
//
// Only exceptions to the Monday–Friday rule are listed: a holiday day that falls on a Saturday or
// Sunday changes nothing, so it is left out (checkCalendarSpec refuses it). E.g. 春节 2026 is
// Feb 15–23 off, but Feb 15, 21 and 22 are weekend days anyway.

import type { CalendarDay } from './calendar.ts'

const h = (date: string, name: string): CalendarDay => Object.freeze({ date, kind: 'holiday', name })
const w = (date: string, name: string): CalendarDay => Object.freeze({ date, kind: 'workday', name })

export const CHINA_HOLIDAYS: readonly CalendarDay[] = Object.freeze([
  // 2025
  h('2025-01-01', '元旦'),
  w('2025-01-26', '春节调休上班'),
  h('2025-01-28', '春节'), // Jan 28 – Feb 4 off
  h('2025-01-29', '春节'),
  h('2025-01-30', '春节'),
  h('2025-01-31', '春节'),
  h('2025-02-03', '春节'),
  h('2025-02-04', '春节'),
  w('2025-02-08', '春节调休上班'),
  h('2025-04-04', '清明节'), // Apr 4–6 off
  w('2025-04-27', '劳动节调休上班'),
  h('2025-05-01', '劳动节'), // May 1–5 off
  h('2025-05-02', '劳动节'),
  h('2025-05-05', '劳动节'),
  h('2025-06-02', '端午节'), // May 31 – Jun 2 off
  w('2025-09-28', '国庆节调休上班'),
  h('2025-10-01', '国庆节、中秋节'), // Oct 1–8 off
  h('2025-10-02', '国庆节、中秋节'),
  h('2025-10-03', '国庆节、中秋节'),
  h('2025-10-06', '国庆节、中秋节'),
  h('2025-10-07', '国庆节、中秋节'),
  h('2025-10-08', '国庆节、中秋节'),
  w('2025-10-11', '国庆节调休上班'),

  // 2026
  h('2026-01-01', '元旦'), // Jan 1–3 off
  h('2026-01-02', '元旦'),
  w('2026-01-04', '元旦调休上班'),
  w('2026-02-14', '春节调休上班'),
  h('2026-02-16', '春节'), // Feb 15–23 off
  h('2026-02-17', '春节'),
  h('2026-02-18', '春节'),
  h('2026-02-19', '春节'),
  h('2026-02-20', '春节'),
  h('2026-02-23', '春节'),
  w('2026-02-28', '春节调休上班'),
  h('2026-04-06', '清明节'), // Apr 4–6 off
  h('2026-05-01', '劳动节'), // May 1–5 off
  h('2026-05-04', '劳动节'),
  h('2026-05-05', '劳动节'),
  w('2026-05-09', '劳动节调休上班'),
  h('2026-06-19', '端午节'), // Jun 19–21 off
  w('2026-09-20', '国庆节调休上班'),
  h('2026-09-25', '中秋节'), // Sep 25–27 off
  h('2026-10-01', '国庆节'), // Oct 1–7 off
  h('2026-10-02', '国庆节'),
  h('2026-10-05', '国庆节'),
  h('2026-10-06', '国庆节'),
  h('2026-10-07', '国庆节'),
  w('2026-10-10', '国庆节调休上班'),
])
