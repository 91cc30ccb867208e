// Exporting people to Excel: what the caller can see (the same filters and scope as the search),
// with personal data masked — unless the caller holds personal.unmask, gives a reason and has
// re-authenticated recently (audited, like any reveal). Headers are the ones the import reads, and
// code values are written as their Chinese labels, so an export can be edited and imported again.
// Cells that look like formulas are neutralised by the sheet writer.
import { sql } from 'kysely'
import { validationFailed } from '../../infra/http/errors.ts'
import { confirmUnmask, requireUnmaskPermission } from '../accounts/index.ts'
import { EDUCATION_LEVELS, MARITAL_STATUSES, POLITICAL_STATUSES, RELATIONS, RESIDENCE_CATEGORIES, SEXES, entryOf } from '../../../shared/registry/codes.ts'
import { LIST_DEFINITIONS, type ListCode } from '../../../shared/registry/lists.ts'
import { ethnicityByCode } from '../../../shared/validation/ethnicity.ts'
import { ID_CONTEXT, PHONE_CONTEXT, isoDate, personConditions, visibleLists, type PersonSearch } from './person.service.ts'
import { writeXlsx, type ExportColumn, type ExportRow } from './sheets/index.ts'
import type { RegistryContext } from './registry-context.ts'

/** Most rows of one export: narrow the filters for more. */
export const EXPORT_MAX_ROWS = 200_000
const PAGE = 5_000

const COLUMNS: ExportColumn[] = [
  { key: 'name', header: '姓名', width: 12 },
  { key: 'idNumber', header: '公民身份号码', width: 22 },
  { key: 'sex', header: '性别', width: 6 },
  { key: 'birthDate', header: '出生日期', width: 12 },
  { key: 'ethnicity', header: '民族', width: 8 },
  { key: 'phone', header: '联系电话', width: 16 },
  { key: 'residenceCategory', header: '人口类别', width: 12 },
  { key: 'address', header: '现住址', width: 36 },
  { key: 'registeredAddress', header: '户籍地址', width: 30 },
  { key: 'gridCode', header: '所属网格', width: 18 },
  { key: 'gridName', header: '网格名称', width: 20 },
  { key: 'householdNo', header: '户号', width: 12 },
  { key: 'relation', header: '与户主关系', width: 10 },
  { key: 'politicalStatus', header: '政治面貌', width: 12 },
  { key: 'education', header: '文化程度', width: 10 },
  { key: 'maritalStatus', header: '婚姻状况', width: 10 },
  { key: 'religion', header: '宗教信仰', width: 10 },
  { key: 'workplace', header: '工作单位', width: 24 },
  { key: 'lists', header: '关注类别', width: 24 },
]

interface ExportDbRow {
  id: number
  name: string
  id_masked: string
  id_cipher: string
  sex: string
  birth_date: string | Date
  ethnicity: string
  phone_masked: string | null
  phone_cipher: string | null
  residence_category: string
  address: string
  registered_address: string | null
  grid_code: string
  grid_name: string
  household_no: string | null
  relation: string | null
  political_status: string | null
  education: string | null
  marital_status: string | null
  religion: string | null
  workplace: string | null
  lists: string[] | null
}

export interface ExportOptions {
  /** Fields to export unmasked (needs personal.unmask, a reason and a recent re-authentication). */
  unmask?: ('idNumber' | 'phone')[]
  reason?: string
}

export async function exportPeople(ctx: RegistryContext, filters: Omit<PersonSearch, 'limit' | 'cursor'>, opts: ExportOptions = {}): Promise<{ file: Buffer; rows: number }> {
  const unmask = opts.unmask ?? []
  const target = 'person:export'
  if (unmask.length > 0) {
    await requireUnmaskPermission(ctx, target, unmask, opts.reason ?? '')
  }
  const conds = await personConditions(ctx, filters)
  const count = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM person p WHERE ${sql.join(conds, sql` AND `)}`.execute(ctx.db)).rows[0]!.n
  if (count > EXPORT_MAX_ROWS) {
    throw validationFailed([{ field: '/areaCode', location: 'querystring', message: `the export would hold ${count} people, more than ${EXPORT_MAX_ROWS}: narrow the filters (area, list, category)`, problem: 'too_many_rows' }])
  }
  if (unmask.length > 0) {
    if (!opts.reason) throw validationFailed([{ field: '/reason', location: 'querystring', message: 'must say why the data is needed', problem: 'too_short' }])
    await confirmUnmask(ctx, target, unmask, opts.reason)
  }
  const visible = new Set<string>(visibleLists(ctx))
  const listLabel = (codes: string[] | null) => (codes ?? []).filter((c) => visible.has(c)).map((c) => LIST_DEFINITIONS[c as ListCode].label.zh).join('、')
  const label = (list: Parameters<typeof entryOf>[0], code: string | null) => (code === null ? null : (entryOf(list, code)?.zh ?? code))
  async function* rows(): AsyncGenerator<ExportRow> {
    let after = Number.MAX_SAFE_INTEGER
    for (;;) {
      const page = await sql<ExportDbRow>`
        SELECT p.id, p.name, p.id_masked, p.id_cipher, p.sex, p.birth_date, p.ethnicity, p.phone_masked, p.phone_cipher, p.residence_category,
          p.address, p.registered_address, p.grid_code, g.name AS grid_name, h.household_no, p.relation, p.political_status, p.education,
          p.marital_status, p.religion, p.workplace,
          (SELECT array_agg(l.list_code ORDER BY l.list_code) FROM person_list l WHERE l.person_id = p.id AND l.ended_at IS NULL) AS lists
        FROM person p JOIN area g ON g.code = p.grid_code LEFT JOIN household h ON h.id = p.household_id
        WHERE ${sql.join(conds, sql` AND `)} AND p.id < ${after} ORDER BY p.id DESC LIMIT ${PAGE}`.execute(ctx.db)
      for (const r of page.rows) {
        yield {
          name: r.name,
          idNumber: unmask.includes('idNumber') ? ctx.cipher.decrypt(r.id_cipher, ID_CONTEXT) : r.id_masked,
          sex: label(SEXES, r.sex),
          birthDate: isoDate(r.birth_date),
          ethnicity: ethnicityByCode(r.ethnicity)?.name ?? r.ethnicity,
          phone: unmask.includes('phone') ? (r.phone_cipher ? ctx.cipher.decrypt(r.phone_cipher, PHONE_CONTEXT) : null) : r.phone_masked,
          residenceCategory: label(RESIDENCE_CATEGORIES, r.residence_category),
          address: r.address,
          registeredAddress: r.registered_address,
          gridCode: r.grid_code,
          gridName: r.grid_name,
          householdNo: r.household_no,
          relation: label(RELATIONS, r.relation),
          politicalStatus: label(POLITICAL_STATUSES, r.political_status),
          education: label(EDUCATION_LEVELS, r.education),
          maritalStatus: label(MARITAL_STATUSES, r.marital_status),
          religion: r.religion,
          workplace: r.workplace,
          lists: listLabel(r.lists),
        }
      }
      if (page.rows.length < PAGE) return
      after = Number(page.rows[page.rows.length - 1]!.id)
    }
  }
  const file = await writeXlsx(COLUMNS, rows(), { sheetName: '实有人口' })
  await ctx.audit({
    action: 'person.export',
    target,
    outcome: 'success',
    detail: { filters: Object.keys(filters).filter((k) => filters[k as keyof typeof filters] !== undefined), rows: count, unmasked: unmask, ...(unmask.length > 0 ? { reason: opts.reason } : {}) },
  })
  return { file, rows: count }
}
