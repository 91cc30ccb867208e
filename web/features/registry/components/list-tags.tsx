// The lists a person is on, as tags coloured by kind: special groups (重点人群) warm, care lists
// (关爱对象) cool.
import { Tag } from 'antd'
import { useI18n } from '../../../shared/i18n'
import { LIST_KIND_COLOR, listKind, listLabel } from '../lib/labels'

export function ListTags({ lists }: { lists: readonly string[] }) {
  const { lang } = useI18n()
  if (lists.length === 0) return null
  return (
    <span className="list-tags" data-testid="list-tags">
      {lists.map((code) => {
        const kind = listKind(code)
        return (
          <Tag key={code} color={kind ? LIST_KIND_COLOR[kind] : 'default'} data-testid="list-tag" data-list={code} data-kind={kind} style={{ marginBottom: 2 }}>
            {listLabel(code, lang)}
          </Tag>
        )
      })}
    </span>
  )
}
