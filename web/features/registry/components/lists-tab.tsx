// The person's lists: the open entries first, then the ended ones, each with its own fields, who put
// the person on it and when, and — for ended entries — who took them off and why.
import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Descriptions, Empty, Tag } from 'antd'
import { useState } from 'react'
import { ATTENTION_LEVELS, LIST_SOURCES } from '../../../../shared/registry/codes'
import { LIST_DEFINITIONS } from '../../../../shared/registry/lists'
import { useAuth } from '../../auth'
import { useI18n } from '../../../shared/i18n'
import { ATTENTION_COLOR, codeLabel, LIST_KIND_COLOR, listLabel } from '../lib/labels'
import { choosableLists, listFieldText } from '../lib/list-form'
import type { PersonListEntry, PersonView } from '../types'
import { AddToListDialog, EndListDialog } from './list-dialogs'

export function ListsTab({ person, onReload }: { person: PersonView; onReload: () => Promise<unknown> }) {
  const { t } = useI18n()
  const { can } = useAuth()
  const [adding, setAdding] = useState(false)
  const [endingId, setEndingId] = useState<number | undefined>()
  const writable = can('registry.write') && person.status === 'active'
  const open = person.listEntries.filter((e) => e.endedAt === null)
  const ended = person.listEntries.filter((e) => e.endedAt !== null)
  const onLists = new Set(open.map((e) => e.listCode))
  const choices = choosableLists(can('registry.special')).filter((c) => !onLists.has(c))
  const ending = person.listEntries.find((e) => e.id === endingId && e.endedAt === null)

  return (
    <div data-testid="person-lists">
      {writable && (
        <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} disabled={choices.length === 0} data-testid="list-add">
            {t('registry.lists.add')}
          </Button>
        </div>
      )}
      {person.listEntries.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.lists.empty')} />}
      <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        {[...open, ...ended].map((e) => (
          <ListEntryCard key={e.id} entry={e} onEnd={writable && e.endedAt === null ? () => setEndingId(e.id) : undefined} />
        ))}
      </div>
      <AddToListDialog person={person} open={adding} choices={choices} onClose={() => setAdding(false)} />
      <EndListDialog person={person} entry={ending} onClose={() => setEndingId(undefined)} onStale={onReload} />
    </div>
  )
}

function ListEntryCard({ entry, onEnd }: { entry: PersonListEntry; onEnd?: () => void }) {
  const { t, lang, fmt } = useI18n()
  const def = LIST_DEFINITIONS[entry.listCode]
  const isOpen = entry.endedAt === null
  const yesNo = { yes: t('registry.yes'), no: t('registry.no') }
  return (
    <Card
      size="small"
      data-testid="list-entry"
      data-list={entry.listCode}
      data-open={isOpen ? 'true' : 'false'}
      style={isOpen ? undefined : { opacity: 0.75 }}
      title={
        <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' }}>
          <Tag color={LIST_KIND_COLOR[entry.kind]}>{listLabel(entry.listCode, lang)}</Tag>
          <Tag color={ATTENTION_COLOR[entry.attention]}>
            {t('registry.field.attention')}：{codeLabel(ATTENTION_LEVELS, entry.attention, lang)}
          </Tag>
          <Tag>{codeLabel(LIST_SOURCES, entry.source, lang)}</Tag>
          {isOpen ? <Tag color="green">{t('registry.lists.open')}</Tag> : <Tag data-testid="list-entry-ended">{t('registry.lists.ended')}</Tag>}
        </span>
      }
      extra={
        onEnd && (
          <Button size="small" danger onClick={onEnd} data-testid="list-end">
            {t('registry.lists.end')}
          </Button>
        )
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, md: 3 }}
        items={def.fields.map((spec) => ({
          key: spec.key,
          label: spec.label[lang === 'zh-CN' ? 'zh' : 'en'],
          children: <span data-testid={`list-entry-${spec.key}`}>{listFieldText(spec, entry.fields[spec.key], lang, yesNo)}</span>,
        }))}
      />
      <div className="muted small" style={{ marginTop: 6 }}>
        {t('registry.lists.started', { by: entry.startedBy, at: fmt.dateTime(entry.startedAt) })}
        {!isOpen && (
          <div data-testid="list-entry-end-reason">
            {t('registry.lists.endedBy', { by: entry.endedBy ?? '—', at: fmt.dateTime(entry.endedAt), reason: entry.endReason ?? '—' })}
          </div>
        )}
      </div>
    </Card>
  )
}
