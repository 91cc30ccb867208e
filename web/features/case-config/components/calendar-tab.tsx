// 工作日历: the exceptions to Monday–Friday for a year — holidays on weekdays (放假) and weekend days
// worked (调休上班), each with a name — as a list and as twelve small months. Years after the last one
// listed are added here (day by day, from the State Council's notice). Every day is checked as typed
// with the shared checkCalendarSpec (a holiday on a weekend or a make-up day on a weekday is refused).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Input, Select, Space, Table, Tooltip } from 'antd'
import { useMemo, useState, type HTMLAttributes } from 'react'
import { useI18n, type MessageKey } from '../../../shared/i18n'
import { MAX_DAY_NAME_LENGTH } from '../../../../shared/cases/calendar'
import type { DayKind, DraftDay } from '../types'
import { addRow, newKey, patchRow, removeRow } from '../lib/draft'
import { BOUNDS, checkNewDay, problemsAt, tabProblems } from '../lib/checks'
import { problemText } from '../lib/labels'
import { isWeekendIso, monthWeeks, weekdayOfIso, yearOf } from '../lib/time'
import { CommitInput, RowProblems, statusOf, type TabProps } from './bits'

const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
const MONTH_HEAD = [1, 2, 3, 4, 5, 6, 0] as const

/** The years offered: from the first listed (or this year) to one after the last listed (or next year). */
export function yearChoices(days: readonly { date: string }[], thisYear: number): number[] {
  const years = days.map((d) => yearOf(d.date)).filter((y): y is number => y !== undefined && y >= 1970 && y <= 2200)
  const from = Math.min(thisYear, ...years)
  const to = Math.max(thisYear + 1, ...years.map((y) => y + 1))
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

export function CalendarTab({ draft, problems, edit }: TabProps) {
  const i18n = useI18n()
  const { t } = i18n
  const thisYear = new Date().getFullYear()
  const [year, setYear] = useState(thisYear)
  const [newDay, setNewDay] = useState<{ date: string; kind: DayKind; name: string }>({ date: '', kind: 'holiday', name: '' })
  const years = yearChoices(draft.calendarDays, thisYear)
  const rows = useMemo(
    () => draft.calendarDays.filter((d) => yearOf(d.date.trim()) === year).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    [draft.calendarDays, year],
  )
  const byDate = useMemo(() => new Map(rows.map((d) => [d.date.trim(), d])), [rows])
  const weekdayName = (date: string) => {
    const wd = weekdayOfIso(date.trim())
    return wd === undefined ? '' : t(`caseConfig.weekday.${WEEKDAY_KEYS[wd]!}` as MessageKey)
  }
  // A name not typed yet is not a problem to point at: the button waits for it.
  const newProblems = newDay.date.trim() === '' ? [] : checkNewDay(newDay, draft.calendarDays).filter((p) => p !== 'invalid_name' || newDay.name.trim() !== '')
  const canAdd = newDay.date.trim() !== '' && newDay.name.trim() !== '' && newProblems.length === 0 && draft.calendarDays.length < BOUNDS.calendarDays
  const add = () => {
    if (!canAdd) return
    const date = newDay.date.trim()
    edit('calendar', undefined, (d) => addRow(d, 'calendarDays', { key: newKey('d'), date, kind: newDay.kind, name: newDay.name.trim() }))
    const y = yearOf(date)
    if (y !== undefined) setYear(y)
    setNewDay({ date: '', kind: newDay.kind, name: newDay.name })
  }
  const pick = (date: string) => {
    const existing = byDate.get(date)
    if (existing) return
    setNewDay((n) => ({ ...n, date, kind: isWeekendIso(date) ? 'workday' : 'holiday' }))
  }
  const set = (d: DraftDay, patch: Partial<DraftDay>) => edit('calendar', d.key, (x) => patchRow(x, 'calendarDays', d.key, patch))
  const holidays = rows.filter((d) => d.kind === 'holiday').length
  const workdays = rows.length - holidays
  // Problems on days of other years, so that none stays out of sight.
  const elsewhere = useMemo(() => {
    const keys = new Map(draft.calendarDays.map((d) => [d.key, yearOf(d.date.trim())]))
    const counts = new Map<number | undefined, number>()
    for (const p of problems) if (p.tab === 'calendar' && p.row && keys.get(p.row) !== year) counts.set(keys.get(p.row), (counts.get(keys.get(p.row)) ?? 0) + 1)
    return [...counts.entries()]
  }, [problems, draft.calendarDays, year])

  return (
    <div data-testid="calendar-tab">
      <Space wrap className="cc-toolbar">
        <span>{t('caseConfig.calendar.year')}</span>
        <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: String(y) }))} style={{ width: 110 }} data-testid="calendar-year" />
        <span className="muted" data-testid="calendar-summary">
          {t('caseConfig.calendar.summary', { year, holidays, workdays })}
        </span>
      </Space>
      <p className="muted small">{t('caseConfig.calendar.help')}</p>
      {rows.length === 0 && <Alert type="info" showIcon className="block" title={t('caseConfig.calendar.emptyYear', { year })} data-testid="calendar-empty-year" />}
      {elsewhere.map(([y, n]) => (
        <Alert
          key={String(y)}
          type="error"
          showIcon
          className="block"
          title={y === undefined ? t('caseConfig.calendar.problemsUndated', { count: n }) : t('caseConfig.calendar.problemsIn', { year: y, count: n })}
          action={
            y !== undefined ? (
              <Button size="small" onClick={() => setYear(y)}>
                {t('caseConfig.calendar.show', { year: y })}
              </Button>
            ) : undefined
          }
        />
      ))}
      <RowProblems problems={tabProblems(problems, 'calendar')} testId="calendar-problems" />

      <div className="cc-day-form" data-testid="day-new">
        <Space wrap align="start">
          <Input
            value={newDay.date}
            onChange={(e) => setNewDay({ ...newDay, date: e.target.value })}
            onPressEnter={add}
            placeholder="YYYY-MM-DD"
            style={{ width: 140 }}
            status={newProblems.length ? 'error' : undefined}
            suffix={<span className="muted small">{weekdayName(newDay.date)}</span>}
            aria-label={t('caseConfig.calendar.date')}
            data-testid="day-new-date"
          />
          <Select<DayKind>
            value={newDay.kind}
            onChange={(kind) => setNewDay({ ...newDay, kind })}
            options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`caseConfig.dayKind.${k}`) }))}
            style={{ width: 150 }}
            data-testid="day-new-kind"
          />
          <Input
            value={newDay.name}
            onChange={(e) => setNewDay({ ...newDay, name: e.target.value })}
            onPressEnter={add}
            placeholder={t('caseConfig.calendar.namePlaceholder')}
            maxLength={MAX_DAY_NAME_LENGTH}
            style={{ width: 180 }}
            aria-label={t('caseConfig.calendar.name')}
            data-testid="day-new-name"
          />
          <Button type="primary" ghost icon={<PlusOutlined />} disabled={!canAdd} onClick={add} data-testid="day-add">
            {t('caseConfig.calendar.add')}
          </Button>
        </Space>
        {newProblems.length > 0 && (
          <ul className="cc-problems" data-testid="day-new-problems">
            {newProblems.map((p) => (
              <li key={p} data-problem={p}>
                {problemText({ problem: p }, i18n)}
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="cc-calendar-layout">
        <Table<DraftDay>
          className="cc-day-table"
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 640 }}
          onRow={(d) => ({ 'data-testid': 'day-row', 'data-key': d.key, 'data-date': d.date, 'data-kind': d.kind }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'date',
              title: t('caseConfig.calendar.date'),
              width: 150,
              render: (_, d) => (
                <CommitInput size="small" value={d.date} onCommit={(date) => set(d, { date: date.trim() })} status={statusOf(problems, d.key, 'date')} data-testid="day-date" />
              ),
            },
            { key: 'weekday', title: t('caseConfig.calendar.weekday'), width: 70, render: (_, d) => <span data-testid="day-weekday">{weekdayName(d.date)}</span> },
            {
              key: 'kind',
              title: t('caseConfig.calendar.kind'),
              width: 150,
              render: (_, d) => (
                <Select<DayKind>
                  size="small"
                  value={d.kind}
                  onChange={(kind) => set(d, { kind })}
                  options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`caseConfig.dayKind.${k}`) }))}
                  style={{ width: '100%' }}
                  data-testid="day-kind"
                />
              ),
            },
            {
              key: 'name',
              title: t('caseConfig.calendar.name'),
              render: (_, d) => <Input size="small" value={d.name} onChange={(e) => set(d, { name: e.target.value })} status={statusOf(problems, d.key, 'name')} data-testid="day-name" />,
            },
            {
              key: 'remove',
              title: '',
              width: 50,
              render: (_, d) => (
                <Button size="small" danger icon={<DeleteOutlined />} onClick={() => edit('calendar', d.key, (x) => removeRow(x, 'calendarDays', d.key))} aria-label={t('caseConfig.remove')} data-testid="day-remove" />
              ),
            },
            { key: 'problems', title: '', width: 200, render: (_, d) => <RowProblems problems={problemsAt(problems, d.key)} /> },
          ]}
        />
        <YearView year={year} byDate={byDate} onPick={pick} problemRows={new Set(problems.filter((p) => p.tab === 'calendar' && p.row).map((p) => p.row!))} />
      </div>
    </div>
  )
}

/** Twelve small months: holidays and make-up days marked, weekends shaded; a click puts the day into the form. */
function YearView({ year, byDate, onPick, problemRows }: { year: number; byDate: Map<string, DraftDay>; onPick: (date: string) => void; problemRows: Set<string> }) {
  const { t } = useI18n()
  return (
    <div className="cc-year" data-testid="calendar-month-view">
      <div className="cc-legend small">
        <span className="cc-cell cc-holiday">{t('caseConfig.calendar.holidayMark')}</span> {t('caseConfig.dayKind.holiday')}
        <span className="cc-cell cc-workday">{t('caseConfig.calendar.workdayMark')}</span> {t('caseConfig.dayKind.workday')}
        <span className="cc-cell cc-weekend"> </span> {t('caseConfig.calendar.weekend')}
      </div>
      <div className="cc-months">
        {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
          <table key={month} className="cc-month" data-month={month}>
            <caption>{t('caseConfig.calendar.month', { month })}</caption>
            <thead>
              <tr>
                {MONTH_HEAD.map((wd) => (
                  <th key={wd}>{t(`caseConfig.weekdayShort.${WEEKDAY_KEYS[wd]!}` as MessageKey)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {monthWeeks(year, month).map((week, w) => (
                <tr key={w}>
                  {week.map((cell, c) => {
                    if (!cell) return <td key={c} />
                    const day = byDate.get(cell.date)
                    const weekend = cell.weekday === 0 || cell.weekday === 6
                    const cls = ['cc-cell', weekend ? 'cc-weekend' : '', day ? `cc-${day.kind}` : '', day && problemRows.has(day.key) ? 'cc-bad' : ''].filter(Boolean).join(' ')
                    const content = (
                      <td key={c} className={cls} data-date={cell.date} data-kind={day?.kind ?? ''} onClick={() => onPick(cell.date)}>
                        {cell.day}
                      </td>
                    )
                    return day ? (
                      <Tooltip key={c} title={`${day.name} · ${t(`caseConfig.dayKind.${day.kind}`)}`}>
                        {content}
                      </Tooltip>
                    ) : (
                      content
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  )
}
