// Who acts in the demo cases' history. Along the demo branch (城中区 → 人民街街道 → 南关街社区, and
// 城中区城市管理局) the demo's own staff accounts act; elsewhere the steps are recorded under names
// of the same form — staff.<area code>, handler.<department code> — for which no account exists
// (the demo has one staff account per role, not one per area). Grid workers exist everywhere
// (gw + grid code), and the sweep acts as 'system'.
import { DEMO_ACCOUNTS, GRID_WORKER_PREFIX } from '../demo-accounts.ts'
import { DEMO_HANDLER_DEPARTMENT } from '../demo-departments.ts'
import type { HolderLevel } from '../../../../shared/cases/workflow.ts'

export interface Actor {
  name: string
  role: string
}

const HOLDING_ROLE: Record<HolderLevel, string> = {
  community: 'community_staff',
  street: 'street_staff',
  district: 'district_staff',
  city: 'city_admin',
}

const demoStaff = new Map(DEMO_ACCOUNTS.filter((a) => Object.values(HOLDING_ROLE).includes(a.role)).map((a) => [`${a.role}:${a.scopeCode}`, a.username]))
const handler = DEMO_ACCOUNTS.find((a) => a.role === 'department_handler')!.username

/** Staff of the level holding (or supervising) a case. */
export function staffOf(level: HolderLevel, code: string): Actor {
  const role = HOLDING_ROLE[level]
  return { name: demoStaff.get(`${role}:${code}`) ?? `staff.${code}`, role }
}

/** A handler of a department. */
export function handlerOf(department: string): Actor {
  return { name: department === DEMO_HANDLER_DEPARTMENT ? handler : `handler.${department}`, role: 'department_handler' }
}

export function gridWorkerOf(grid: string): Actor {
  return { name: `${GRID_WORKER_PREFIX}${grid}`, role: 'grid_worker' }
}

export const PUBLIC_ACTOR: Actor = { name: 'public', role: 'public' }
export const SYSTEM_ACTOR: Actor = { name: 'system', role: 'system' }
