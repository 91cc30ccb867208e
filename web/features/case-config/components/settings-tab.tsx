// 设置: the share of the limit at which the lamp turns yellow (50–95 %), and the working periods of a
// working day as local times (e.g. 09:00–12:00 and 13:00–17:00), checked as typed with the shared
// checkCalendarSpec (ascending, not overlapping, not empty).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, InputNumber, Slider, Space } from 'antd'
import { useI18n } from '../../../shared/i18n'
import type { DraftPeriod } from '../types'
import { addRow, newKey, patchRow, removeRow } from '../lib/draft'
import { BOUNDS, problemsAt, tabProblems } from '../lib/checks'
import { amountText, problemText } from '../lib/labels'
import { periodMinutes } from '../lib/time'
import { RowProblems, statusOf, type TabProps } from './bits'

export function SettingsTab({ draft, problems, edit }: TabProps) {
  const i18n = useI18n()
  const { t, lang } = i18n
  const yellowProblems = tabProblems(problems, 'settings', 'yellowShare')
  const setYellow = (v: number | null) => edit('settings', undefined, (d) => ({ ...d, yellowPercent: v }))
  const setPeriod = (p: DraftPeriod, patch: Partial<DraftPeriod>) => edit('settings', p.key, (d) => patchRow(d, 'periods', p.key, patch))
  const addPeriod = () => {
    edit('settings', undefined, (d) => addRow(d, 'periods', { key: newKey('p'), start: '', end: '' }))
  }
  const minutes = periodMinutes(draft.periods)
  const offset = draft.utcOffsetMinutes
  const offsetText = `UTC${offset < 0 ? '−' : '+'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`
  const general = tabProblems(problems, 'settings').filter((p) => p.field !== 'yellowShare')

  return (
    <div data-testid="settings-tab" className="cc-settings">
      <Card size="small" title={t('caseConfig.settings.yellow')} className="block">
        <Form layout="vertical" component="div">
          <Form.Item
            validateStatus={yellowProblems.length ? 'error' : undefined}
            help={yellowProblems.length ? yellowProblems.map((p) => problemText(p, i18n)).join('；') : t('caseConfig.settings.yellowHelp', { percent: amountText(draft.yellowPercent, lang) })}
          >
            <div className="cc-yellow">
              <Slider
                min={BOUNDS.yellowMin}
                max={BOUNDS.yellowMax}
                step={1}
                value={draft.yellowPercent ?? BOUNDS.yellowMin}
                onChange={(v: number) => setYellow(v)}
                marks={{ 50: '50%', 70: '70%', 75: '75%', 80: '80%', 95: '95%' }}
                tooltip={{ formatter: (v) => `${v}%` }}
                data-testid="settings-yellow-slider"
              />
              <InputNumber
                value={draft.yellowPercent}
                min={BOUNDS.yellowMin}
                max={BOUNDS.yellowMax}
                step={1}
                suffix="%"
                onChange={(v) => setYellow(typeof v === 'number' ? v : null)}
                style={{ width: 110 }}
                data-testid="settings-yellow"
              />
            </div>
          </Form.Item>
        </Form>
      </Card>
      <Card
        size="small"
        title={t('caseConfig.settings.periods')}
        className="block"
        extra={
          <Button size="small" icon={<PlusOutlined />} onClick={addPeriod} disabled={draft.periods.length >= BOUNDS.periods} data-testid="period-add">
            {t('caseConfig.settings.addPeriod')}
          </Button>
        }
      >
        <p className="muted small">{t('caseConfig.settings.periodsHelp')}</p>
        <RowProblems problems={general} testId="settings-problems" />
        {draft.periods.map((p, i) => (
          <div key={p.key} className="cc-period" data-testid="period-row" data-key={p.key}>
            <Space wrap align="center">
              <span className="muted">{t('caseConfig.settings.period', { n: i + 1 })}</span>
              <Input
                value={p.start}
                onChange={(e) => setPeriod(p, { start: e.target.value })}
                placeholder="09:00"
                style={{ width: 90 }}
                status={statusOf(problems, p.key, 'start')}
                aria-label={t('caseConfig.settings.start')}
                data-testid="period-start"
              />
              <span>–</span>
              <Input
                value={p.end}
                onChange={(e) => setPeriod(p, { end: e.target.value })}
                placeholder="17:00"
                style={{ width: 90 }}
                status={statusOf(problems, p.key, 'end')}
                aria-label={t('caseConfig.settings.end')}
                data-testid="period-end"
              />
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                disabled={draft.periods.length <= 1}
                onClick={() => edit('settings', p.key, (d) => removeRow(d, 'periods', p.key))}
                aria-label={t('caseConfig.remove')}
                data-testid="period-remove"
              />
            </Space>
            <RowProblems problems={problemsAt(problems, p.key)} />
          </div>
        ))}
        <p data-testid="settings-day-length">{t('caseConfig.settings.dayLength', { hours: amountText(minutes / 60, lang) })}</p>
        <p className="muted small">{t('caseConfig.settings.timeZone', { offset: offsetText })}</p>
      </Card>
    </div>
  )
}
