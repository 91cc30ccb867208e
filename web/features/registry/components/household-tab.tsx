// The person's household (户): its number, kind and address, and every member with the relation to
// the head of household; each member opens their own page.
import { Empty, Grid, Skeleton, Table, Tag } from 'antd'
import { Link } from 'react-router'
import { RELATIONS, SEXES } from '../../../../shared/registry/codes'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useHousehold } from '../api/get-household'
import { codeLabel } from '../lib/labels'
import { registryPaths } from '../lib/paths'
import type { HouseholdView, PersonView } from '../types'
import { ListTags } from './list-tags'
import { roomText } from './person-basic'

type Member = HouseholdView['members'][number]

export function HouseholdTab({ person }: { person: PersonView }) {
  const { t } = useI18n()
  if (!person.household) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.household.none')} data-testid="household-none" />
  return <HouseholdMembers householdId={person.household.id} personId={person.id} />
}

function HouseholdMembers({ householdId, personId }: { householdId: number; personId: number }) {
  const { t, lang, fmt } = useI18n()
  const screens = Grid.useBreakpoint()
  const household = useHousehold(householdId)
  if (household.isPending) return <Skeleton active />
  if (household.isError) return <ApiErrorAlert error={household.error} />
  const h = household.data
  return (
    <div data-testid="household">
      <p>
        <strong>{h.householdNo ? t('registry.household.title', { no: h.householdNo }) : t('registry.household.noNumber')}</strong>{' '}
        <Tag>{t(`registry.household.kind.${h.kind}`)}</Tag>
        <span className="muted">
          {h.address} · {h.grid.name}
          {h.room ? ` · ${roomText(t, h.room)}` : ''}
        </span>
      </p>
      <Table<Member>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={h.members}
        scroll={screens.md ? undefined : { x: 560 }}
        data-testid="household-members"
        columns={[
          {
            key: 'name',
            title: t('registry.field.name'),
            render: (_, m) =>
              m.id === personId ? (
                <span>
                  <strong>{m.name}</strong> <Tag>{t('registry.household.self')}</Tag>
                </span>
              ) : (
                <Link to={registryPaths.person(m.id)} data-testid="household-member">
                  {m.name}
                </Link>
              ),
          },
          { key: 'relation', title: t('registry.field.relation'), render: (_, m) => codeLabel(RELATIONS, m.relation, lang) },
          { key: 'sex', title: t('registry.field.sex'), render: (_, m) => codeLabel(SEXES, m.sex, lang) },
          { key: 'age', title: t('registry.field.age'), align: 'right', render: (_, m) => fmt.number(m.age) },
          { key: 'id', title: t('registry.field.idNumber'), render: (_, m) => <span className="code-text">{m.idNumberMasked}</span> },
          { key: 'lists', title: t('registry.field.lists'), render: (_, m) => <ListTags lists={m.lists} /> },
        ]}
      />
    </div>
  )
}
