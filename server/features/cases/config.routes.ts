// The city admin's case configuration (permission case.configure): categories and subcategories (with
// their Open311 attributes), time limits, escalation rules, the work calendar and the settings (yellow
// share, working periods) — read and replaced as one document against its version (409 when someone
// saved meanwhile), checked as a whole (every problem with its pointer), saved in one transaction with
// its audit record. Categories are never deleted (cases refer to them): one left out is deactivated.
// Departments and their members are managed here too.
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sql, type Kysely } from 'kysely'
import { Type, type Static } from 'typebox'
import type { DB } from '../../db-schema.ts'
import { AppError, Errors, notFound, validationFailed, type ErrorDetail } from '../../infra/http/errors.ts'
import { usePlainJsonParser } from '../../infra/http/plain-json.ts'
import { appendAuditIn } from '../audit/index.ts'
import { checkCalendarSpec, LIMIT_UNITS } from '../../../shared/cases/calendar.ts'
import { CASE_STEPS, HOLDER_LEVELS, URGENCIES } from '../../../shared/cases/workflow.ts'
import { LIMIT_LEVELS } from '../../../shared/cases/categories.ts'
import { caseConfig, forgetCaseConfig } from './case-config.ts'
import type { CaseRoutesDeps } from './case.routes.ts'
import { Str } from './case.schemas.ts'

const tags = ['cases']
const configure = { permission: 'case.configure' } as const
const closed = { additionalProperties: false } as const
const NullStr = <T extends string>(values: readonly T[]) => Type.Unsafe<T | null>({ type: 'string', enum: [...values, null], nullable: true })
const CODE = '^[a-z][a-z_]{1,30}(\\.[a-z][a-z_]{1,30})?$'

const AttributeSchema = Type.Object(
  {
    variable: Type.Boolean(),
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$' }),
    datatype: Str(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
    required: Type.Boolean(),
    datatype_description: Type.Optional(Type.String({ maxLength: 200 })),
    order: Type.Integer({ minimum: 0, maximum: 1000 }),
    description: Type.String({ minLength: 1, maxLength: 200 }),
    values: Type.Optional(Type.Array(Type.Object({ key: Type.String({ minLength: 1, maxLength: 60 }), name: Type.String({ minLength: 1, maxLength: 100 }) }, closed), { maxItems: 100 })),
  },
  closed,
)

const CategorySchema = Type.Object(
  {
    code: Type.String({ pattern: CODE }),
    parentCode: Type.Union([Type.String({ pattern: CODE }), Type.Null()]),
    nameZh: Type.String({ minLength: 1, maxLength: 40 }),
    nameEn: Type.String({ minLength: 1, maxLength: 80 }),
    isPublic: Type.Boolean(),
    active: Type.Boolean(),
    attributes: Type.Array(AttributeSchema, { maxItems: 30 }),
  },
  closed,
)

const LimitSchema = Type.Object(
  {
    category: Type.Union([Type.String({ pattern: CODE }), Type.Null()]),
    level: NullStr(LIMIT_LEVELS),
    step: Str(CASE_STEPS),
    urgency: NullStr(URGENCIES),
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    unit: Str(LIMIT_UNITS),
  },
  closed,
)

const EscalationSchema = Type.Object(
  {
    category: Type.Union([Type.String({ pattern: CODE }), Type.Null()]),
    urgency: NullStr(URGENCIES),
    target: Str(HOLDER_LEVELS),
    copyLevels: Type.Array(Str(HOLDER_LEVELS), { maxItems: 4 }),
  },
  closed,
)

const SettingsSchema = Type.Object(
  {
    yellowShare: Type.Number({ minimum: 0.5, maximum: 0.95, description: 'The lamp turns yellow at this share of the limit (70–80 % in practice)' }),
    periods: Type.Array(Type.Array(Type.Integer({ minimum: 0, maximum: 1440 }), { minItems: 2, maxItems: 2 }), { minItems: 1, maxItems: 6 }),
    utcOffsetMinutes: Type.Integer({ minimum: -720, maximum: 840 }),
  },
  closed,
)

const DaySchema = Type.Object({ date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), kind: Str(['holiday', 'workday'] as const), name: Type.String({ minLength: 1, maxLength: 20 }) }, closed)

export const CaseConfigDocument = Type.Object(
  {
    settings: SettingsSchema,
    calendarDays: Type.Array(DaySchema, { maxItems: 2000 }),
    categories: Type.Array(CategorySchema, { minItems: 1, maxItems: 500 }),
    limits: Type.Array(LimitSchema, { minItems: 1, maxItems: 2000 }),
    escalations: Type.Array(EscalationSchema, { maxItems: 500 }),
  },
  closed,
)
type ConfigDocument = Static<typeof CaseConfigDocument>

const CaseConfigView = Type.Object({ ...CaseConfigDocument.properties, version: Type.Integer(), updatedAt: Type.String({ format: 'date-time' }), updatedBy: Type.Union([Type.String(), Type.Null()]) })
const CaseConfigPut = Type.Object({ version: Type.Integer({ minimum: 0 }), config: CaseConfigDocument }, closed)

async function readDocument(db: Kysely<DB>) {
  const cfg = await caseConfig(db)
  const meta = (await sql<{ updated_at: Date; updated_by: string | null }>`SELECT updated_at, updated_by FROM case_settings WHERE id = 1`.execute(db)).rows[0]
  return {
    version: cfg.version,
    updatedAt: (meta?.updated_at ?? new Date(0)).toISOString(),
    updatedBy: meta?.updated_by ?? null,
    settings: cfg.settings,
    calendarDays: cfg.calendarDays,
    categories: [...cfg.categories.values()].map((c) => ({ code: c.code, parentCode: c.parentCode, nameZh: c.nameZh, nameEn: c.nameEn, isPublic: c.isPublic, active: c.active, attributes: c.attributes as Static<typeof AttributeSchema>[] })),
    limits: cfg.limits,
    escalations: cfg.escalations,
  }
}

/** Every problem of a configuration document that the schema cannot see. */
export function checkConfigDocument(doc: ConfigDocument, existingCodes: ReadonlySet<string>): ErrorDetail[] {
  const problems: ErrorDetail[] = []
  const add = (field: string, problem: string, message: string) => problems.push({ field, location: 'body', problem, message })
  const codes = new Map<string, (typeof doc.categories)[number]>()
  doc.categories.forEach((c, i) => {
    if (codes.has(c.code)) add(`/config/categories/${i}/code`, 'duplicate', `category ${c.code} is listed twice`)
    codes.set(c.code, c)
  })
  doc.categories.forEach((c, i) => {
    const isSub = c.code.includes('.')
    if (isSub !== (c.parentCode !== null)) add(`/config/categories/${i}/parentCode`, 'bad_parent', 'a subcategory (code with a dot) has a parent; a category has none')
    else if (c.parentCode && (!codes.has(c.parentCode) || !c.code.startsWith(`${c.parentCode}.`))) add(`/config/categories/${i}/parentCode`, 'bad_parent', `parent ${c.parentCode} is not this code's category`)
    const attrCodes = new Set<string>()
    c.attributes.forEach((a, j) => {
      if (attrCodes.has(a.code)) add(`/config/categories/${i}/attributes/${j}/code`, 'duplicate', `attribute ${a.code} twice`)
      attrCodes.add(a.code)
      const list = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist'
      if (list !== Boolean(a.values?.length)) add(`/config/categories/${i}/attributes/${j}/values`, 'bad_values', 'list attributes need values; others have none')
    })
  })
  for (const code of existingCodes) if (!codes.has(code)) add('/config/categories', 'category_missing', `category ${code} is used by the system and cannot be removed: set active to false instead`)
  const known = (code: string | null) => code === null || codes.has(code)
  doc.limits.forEach((l, i) => {
    if (!known(l.category)) add(`/config/limits/${i}/category`, 'unknown_category', `no category ${l.category}`)
  })
  const limitKeys = new Set<string>()
  doc.limits.forEach((l, i) => {
    const k = `${l.category}|${l.level}|${l.step}|${l.urgency}`
    if (limitKeys.has(k)) add(`/config/limits/${i}`, 'duplicate', 'two limits for the same category, level, step and urgency')
    limitKeys.add(k)
  })
  for (const s of CASE_STEPS)
    if (!doc.limits.some((l) => l.step === s && l.category === null && l.level === null && l.urgency === null))
      add('/config/limits', 'default_missing', `a default limit for the ${s} step (no category, level or urgency) is needed`)
  const escKeys = new Set<string>()
  doc.escalations.forEach((e, i) => {
    if (!known(e.category)) add(`/config/escalations/${i}/category`, 'unknown_category', `no category ${e.category}`)
    const k = `${e.category}|${e.urgency}`
    if (escKeys.has(k)) add(`/config/escalations/${i}`, 'duplicate', 'two rules for the same category and urgency')
    escKeys.add(k)
  })
  for (const p of checkCalendarSpec({ days: doc.calendarDays, periods: doc.settings.periods, utcOffsetMinutes: doc.settings.utcOffsetMinutes })) {
    const field = p.pointer.startsWith('/days') ? `/config/calendarDays${p.pointer.slice(5)}` : `/config/settings${p.pointer}`
    add(field, p.problem, `calendar: ${p.problem.replaceAll('_', ' ')}`)
  }
  return problems
}

const DepartmentSchema = Type.Object({
  code: Type.String(),
  areaCode: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  categories: Type.Array(Type.String()),
  active: Type.Boolean(),
  members: Type.Array(Type.Object({ accountId: Type.Integer(), username: Type.String(), displayName: Type.String() })),
})
const DepartmentCreate = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z_]{1,29}$', description: 'Short key; the code is <areaCode>-<key>' }),
    areaCode: Type.String({ pattern: '^[0-9]{6,12}$' }),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    nameEn: Type.String({ minLength: 1, maxLength: 100 }),
    categories: Type.Array(Type.String({ pattern: CODE }), { maxItems: 50 }),
  },
  closed,
)
const DepartmentPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    categories: Type.Optional(Type.Array(Type.String({ pattern: CODE }), { maxItems: 50 })),
    active: Type.Optional(Type.Boolean()),
  },
  closed,
)

async function listDepartments(db: Kysely<DB>, scopeCode: string): Promise<Static<typeof DepartmentSchema>[]> {
  const prefix = scopeCode.length === 6 && scopeCode.endsWith('00') ? scopeCode.slice(0, 4) : scopeCode
  const rows = await sql<{ code: string; area_code: string; name: string; name_en: string; categories: string[]; active: boolean; members: { accountId: number; username: string; displayName: string }[] | null }>`
    SELECT d.code, d.area_code, d.name, d.name_en, d.categories, d.active,
      (SELECT json_agg(json_build_object('accountId', a.id, 'username', a.username, 'displayName', a.display_name) ORDER BY a.username)
       FROM department_member m JOIN account a ON a.id = m.account_id WHERE m.department_code = d.code) AS members
    FROM department d WHERE d.area_code LIKE ${`${prefix}%`} ORDER BY d.area_code, d.code`.execute(db)
  return rows.rows.map((d) => ({ code: d.code, areaCode: d.area_code, name: d.name, nameEn: d.name_en, categories: d.categories, active: d.active, members: d.members ?? [] }))
}

export const caseConfigRoutes: FastifyPluginAsync<CaseRoutesDeps> = async (fastify, { database }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  usePlainJsonParser(app)
  const db = database.db

  app.get(
    '/case-config',
    { config: configure, schema: { tags, summary: 'The case configuration: categories, time limits, escalation rules, work calendar, settings', response: { 200: CaseConfigView, ...Errors(401, 403) } } },
    async () => readDocument(db),
  )

  app.put(
    '/case-config',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Replace the case configuration against the version read (categories left out must still be listed, inactive)',
        body: CaseConfigPut,
        response: { 200: CaseConfigView, ...Errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const { version, config: doc } = request.body
      const existing = new Set((await sql<{ code: string }>`SELECT code FROM case_category`.execute(db)).rows.map((r) => r.code))
      const problems = checkConfigDocument(doc, existing)
      const fail = async (err: AppError) => {
        await request.audit({ action: 'case.config_update', target: 'case_config', outcome: 'failure', detail: { code: err.code, problems: err.details.map((d) => d.problem) } })
        return err
      }
      if (problems.length) throw await fail(validationFailed(problems, 'The configuration is not valid'))
      const saved = await db.transaction().execute(async (trx) => {
        const bumped = await sql<{ version: number }>`
          UPDATE case_settings SET settings = ${JSON.stringify(doc.settings)}::jsonb, version = version + 1, updated_at = now(), updated_by = ${request.principal!.username}
          WHERE id = 1 AND version = ${version} RETURNING version`.execute(trx)
        if (!bumped.rows[0]) return false
        // Parents before children; existing rows updated in place (cases refer to them), new ones inserted.
        const ordered = [...doc.categories].sort((a, b) => Number(a.parentCode !== null) - Number(b.parentCode !== null))
        let rank = 0
        const rankOf = new Map(doc.categories.map((c) => [c.code, rank++]))
        for (const c of ordered) {
          await sql`
            INSERT INTO case_category (code, parent_code, name_zh, name_en, is_public, active, rank, attributes)
            VALUES (${c.code}, ${c.parentCode}, ${c.nameZh}, ${c.nameEn}, ${c.isPublic}, ${c.active}, ${rankOf.get(c.code)!}, ${JSON.stringify(c.attributes)}::jsonb)
            ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
              is_public = EXCLUDED.is_public, active = EXCLUDED.active, rank = EXCLUDED.rank, attributes = EXCLUDED.attributes`.execute(trx)
        }
        await sql`DELETE FROM case_time_limit`.execute(trx)
        for (const l of doc.limits) await trx.insertInto('case_time_limit').values({ category: l.category, level: l.level, step: l.step, urgency: l.urgency, amount: l.amount, unit: l.unit }).execute()
        await sql`DELETE FROM case_escalation_rule`.execute(trx)
        for (const e of doc.escalations) await trx.insertInto('case_escalation_rule').values({ category: e.category, urgency: e.urgency, target: e.target, copy_levels: e.copyLevels }).execute()
        await sql`DELETE FROM work_calendar_day`.execute(trx)
        for (const d of doc.calendarDays) await trx.insertInto('work_calendar_day').values({ day: d.date, kind: d.kind, name: d.name }).execute()
        await appendAuditIn(trx, {
          actor: request.principal!.username,
          source: request.ip,
          action: 'case.config_update',
          target: 'case_config',
          outcome: 'success',
          detail: { version: bumped.rows[0].version, categories: doc.categories.length, limits: doc.limits.length, escalations: doc.escalations.length, calendarDays: doc.calendarDays.length },
        })
        return true
      })
      if (!saved) throw await fail(new AppError('conflict', 'The configuration was changed meanwhile; reload it', [{ field: '/version', location: 'body', message: 'stale', problem: 'stale' }]))
      forgetCaseConfig()
      return readDocument(db)
    },
  )

  app.get(
    '/departments',
    { config: { permission: 'case.read' }, schema: { tags, summary: 'Departments in your area, with their members', response: { 200: Type.Object({ departments: Type.Array(DepartmentSchema) }), ...Errors(401, 403) } } },
    async (request) => ({ departments: await listDepartments(db, request.principal!.scopeCode) }),
  )

  app.post(
    '/departments',
    { config: configure, schema: { tags, summary: 'Add a department beside a level', body: DepartmentCreate, response: { 201: DepartmentSchema, ...Errors(400, 401, 403, 404, 409) } } },
    async (request, reply) => {
      const b = request.body
      await request.scope.requireArea(b.areaCode)
      const code = `${b.areaCode}-${b.key}`
      const cfg = await caseConfig(db)
      const unknown = b.categories.map((c, i) => ({ c, i })).filter(({ c }) => !cfg.categories.has(c))
      if (unknown.length) throw validationFailed(unknown.map(({ c, i }) => ({ field: `/categories/${i}`, location: 'body', problem: 'unknown_category', message: `no category ${c}` })))
      const r = await sql<{ code: string }>`
        INSERT INTO department (code, area_code, name, name_en, categories) VALUES (${code}, ${b.areaCode}, ${b.name}, ${b.nameEn}, ${b.categories})
        ON CONFLICT (code) DO NOTHING RETURNING code`.execute(db)
      if (!r.rows[0]) throw new AppError('conflict', `Department ${code} exists`, [{ field: '/key', location: 'body', message: 'taken', problem: 'duplicate' }])
      await request.audit({ action: 'case.department_create', target: `department:${code}`, outcome: 'success' })
      return reply.code(201).send((await listDepartments(db, request.principal!.scopeCode)).find((d) => d.code === code)!)
    },
  )

  const DepartmentParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{6,12}-[a-z_]{2,30}$' }) })

  app.patch(
    '/departments/:code',
    { config: configure, schema: { tags, summary: 'Rename a department, change what it handles, or (de)activate it', params: DepartmentParams, body: DepartmentPatch, response: { 200: DepartmentSchema, ...Errors(400, 401, 403, 404) } } },
    async (request) => {
      const { code } = request.params
      const b = request.body
      const found = (await listDepartments(db, request.principal!.scopeCode)).find((d) => d.code === code)
      if (!found) throw notFound(`Department ${code}`)
      await sql`
        UPDATE department SET name = ${b.name ?? found.name}, name_en = ${b.nameEn ?? found.nameEn}, categories = ${b.categories ?? found.categories}, active = ${b.active ?? found.active}
        WHERE code = ${code}`.execute(db)
      await request.audit({ action: 'case.department_update', target: `department:${code}`, outcome: 'success', detail: { fields: Object.keys(b) } })
      return (await listDepartments(db, request.principal!.scopeCode)).find((d) => d.code === code)!
    },
  )

  app.put(
    '/departments/:code/members/:accountId',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Put a department handler in a department (one department per handler)',
        params: Type.Object({ ...DepartmentParams.properties, accountId: Type.Integer({ minimum: 1 }) }),
        response: { 200: DepartmentSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { code, accountId } = request.params
      const dept = (await listDepartments(db, request.principal!.scopeCode)).find((d) => d.code === code)
      if (!dept) throw notFound(`Department ${code}`)
      const account = (await sql<{ role: string; scope_code: string }>`SELECT role, scope_code FROM account WHERE id = ${accountId}`.execute(db)).rows[0]
      if (!account || !request.scope.containsCode(account.scope_code)) throw notFound(`Account ${accountId}`)
      if (account.role !== 'department_handler')
        throw validationFailed([{ field: '/accountId', location: 'params', problem: 'not_a_handler', message: 'only department handlers belong to departments' }])
      await sql`
        INSERT INTO department_member (account_id, department_code) VALUES (${accountId}, ${code})
        ON CONFLICT (account_id) DO UPDATE SET department_code = EXCLUDED.department_code, added_at = now()`.execute(db)
      await request.audit({ action: 'case.department_member', target: `department:${code}`, outcome: 'success', detail: { accountId } })
      return (await listDepartments(db, request.principal!.scopeCode)).find((d) => d.code === code)!
    },
  )
}
