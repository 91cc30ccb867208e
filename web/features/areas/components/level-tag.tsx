import { Tag } from 'antd'
import { useI18n } from '../../../shared/i18n'
import type { AreaLevel } from '../types'

const LEVEL_COLOR: Record<AreaLevel, string> = {
  city: 'red',
  district: 'blue',
  street: 'green',
  community: 'orange',
  grid: 'magenta',
}

/** The level of an area as a small coloured tag. */
export function LevelTag({ level }: { level: AreaLevel }) {
  const { t } = useI18n()
  return (
    <Tag color={LEVEL_COLOR[level]} className="level-tag" variant="outlined">
      {t(`level.${level}`)}
    </Tag>
  )
}
