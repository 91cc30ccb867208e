// The case workflow, written to the database: reporting a case and every step after it. Each step is
// one transaction: the table of shared/cases/workflow.ts decides (state × action × party), then one
// conditional UPDATE (the version and state read) and one event row (seq = the new version) — so two
// people acting at once cannot both succeed, and every step is in the timeline with who, when and why.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { AppError, notFound, validationFailed, type ErrorDetail } from '../../infra/http/errors.ts'
import type { FieldCipher } from '../../infra/crypto/field-cipher.ts'
import { maskPhone } from '../privacy/mask.ts'
import { appendAuditIn } from '../audit/index.ts'
import { codeInScope } from '../accounts/scope.ts'
import type { Principal, RequestAuditInput, ScopeGuard } from '../accounts/index.ts'
import { hasPermission } from '../../../shared/roles.ts'
import {
  RESULT_REQUIRED,
  REASON_REQUIRED,
  STEP_OF_STATE,
  isOpenState,
  nextState,
  type Card,
  type CaseAction,
  type CaseParty,
  type CaseSource,
  type CaseState,
  type HolderLevel,
  type Urgency,
} from '../../../shared/cases/workflow.ts'
import type { CaseActionAnswer, CaseActionBody } from '../../../shared/cases/api-types.ts'
import { CASE_LIMITS, titleFrom, validateReportFields, validateStepText, type FieldProblem } from '../../../shared/cases/case-fields.ts'
import type { LimitLevel } from '../../../shared/cases/categories.ts'
import { caseConfig, escalationFor, fileableCategory, stepClock, type CaseConfig } from './case-config.ts'
import { gridOfPoint } from './case-grid.ts'
import { CASE_COLUMNS, ancestorAt, holderLevelOfCode, levelAbove, newCaseNumber, partiesOf, type CaseRow } from './case-model.ts'
import type { CivicCaseTable, ExtensionRequest } from './case.tables.ts'
import { PHONE_CONTEXT } from '../registry/index.ts'
import type { Updateable } from 'kysely'

/** Who acts: a signed-in account, a resident (public page, Open311 client) or the sweep. */
export type CaseActor =
  | { kind: 'account'; principal: Principal; scope: ScopeGuard; departmentCode: string | null }
  | { kind: 'public'; label: string }
  | { kind: 'system' }

export interface CaseContext {
  db: Kysely<DB>
  actor: CaseActor
  cipher: FieldCipher
  source: string | null
  /** An audit record in a transaction of its own (reads, refusals). */
  audit(input: RequestAuditInput): Promise<void>
  now?: () => Date
}

export const actorName = (a: CaseActor): string => (a.kind === 'account' ? a.principal.username : a.kind === 'public' ? a.label : 'system')
const actorRole = (a: CaseActor): string => (a.kind === 'account' ? a.principal.role : a.kind)
const nowOf = (ctx: CaseContext) => (ctx.now ? ctx.now() : new Date())

export function auditCaseIn(ctx: CaseContext, trx: Kysely<DB>, input: RequestAuditInput) {
  return appendAuditIn(trx, { ...input, actor: actorName(ctx.actor), source: ctx.source })
}

const problem = (field: string, code: string, message: string): ErrorDetail => ({ field: `/${field}`, location: 'body', message, problem: code })
const fieldProblems = (ps: FieldProblem[]): ErrorDetail[] => ps.map((p) => problem(p.field, p.problem, `${p.field} ${p.message}`))

// --- reading one case ----------------------------------------------------------------------------------

/** The department of a department handler (null for everyone else). */
export async function departmentOf(db: Kysely<DB>, principal: Principal): Promise<string | null> {
  if (principal.role !== 'department_handler') return null
  const r = await sql<{ code: string }>`SELECT department_code AS code FROM department_member WHERE account_id = ${principal.accountId}`.execute(db)
  return r.rows[0]?.code ?? null
}

/** SQL condition: the caller may see the case `c` (its grid or its holder in scope; a department: dispatched or copied to it). */
export function caseVisibility(actor: CaseActor, alias = 'c') {
  if (actor.kind !== 'account') return sql<boolean>`false`
  const { principal, scope, departmentCode } = actor
  if (principal.role === 'department_handler') {
    if (!departmentCode) return sql<boolean>`false`
    return sql<boolean>`(${sql.ref(`${alias}.department_code`)} = ${departmentCode}
      OR EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = ${sql.ref(`${alias}.id`)} AND e.department_code = ${departmentCode})
      OR EXISTS (SELECT 1 FROM case_copy k WHERE k.case_id = ${sql.ref(`${alias}.id`)} AND k.target_code = ${departmentCode}))`
  }
  return sql<boolean>`(${scope.filterCode(`${alias}.grid_code`)} OR ${scope.filterCode(`${alias}.holder_code`)}
    OR EXISTS (SELECT 1 FROM case_copy k WHERE k.case_id = ${sql.ref(`${alias}.id`)} AND k.target_code = ${principal.scopeCode}))`
}

async function loadCase(db: Kysely<DB>, id: number, forUpdate = false): Promise<CaseRow | undefined> {
  const r = await sql<CaseRow>`SELECT ${sql.raw(CASE_COLUMNS)} FROM civic_case c WHERE c.id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db)
  return r.rows[0]
}

/** A case the caller may see, or 404 (the same answer as for a missing case), audited when it exists elsewhere. */
export async function requireVisibleCase(ctx: CaseContext, id: number, db: Kysely<DB> = ctx.db): Promise<CaseRow> {
  const r = await sql<CaseRow & { visible: boolean }>`
    SELECT ${sql.raw(CASE_COLUMNS)}, ${caseVisibility(ctx.actor)} AS visible FROM civic_case c WHERE c.id = ${id}`.execute(db)
  const row = r.rows[0]
  if (!row) throw notFound(`Case ${id}`)
  if (!row.visible) {
    await ctx.audit({ action: 'case.read', target: `case:${id}`, outcome: 'denied' })
    throw notFound(`Case ${id}`)
  }
  const { visible: _v, ...c } = row
  return c
}

// --- reporting -----------------------------------------------------------------------------------------

export interface ReportInput {
  category?: string
  urgency?: Urgency
  title?: string | null
  description?: string
  location?: { lon: number; lat: number } | null
  gridCode?: string | null
  address?: string | null
  /** Names of photos uploaded by the same caller and not yet attached. */
  photos?: string[]
  /** Registered people involved (ids of the registry). */
  people?: number[]
  /** Resolved on the spot by the grid worker: what was done. */
  resolvedOnSpot?: { result: string } | null
  /** A resident's contact (public channel), and whether they stay anonymous. */
  contactName?: string | null
  contactPhone?: string | null
  anonymous?: boolean
  source?: CaseSource
  open311Client?: string | null
  open311Attributes?: Record<string, unknown> | null
  concernId?: number | null
}

export interface ReportResult {
  id: number
  number: string
  state: CaseState
}


/** The city new public reports without a location go to: the (first) city-level area. */
async function cityCode(db: Kysely<DB>): Promise<string> {
  const r = await sql<{ code: string }>`SELECT code FROM current_area WHERE level = 'city' ORDER BY code LIMIT 1`.execute(db)
  if (!r.rows[0]) throw new AppError('service_unavailable', 'No city is configured')
  return r.rows[0].code
}

/**
 * Reports a case. Staff and grid workers report within their scope; residents anywhere in the city.
 * Every problem of the input is reported at once; nothing is written unless all is well.
 */
export async function reportCase(ctx: CaseContext, input: ReportInput, claim?: (trx: Transaction<DB>, answer: ReportResult) => Promise<void>): Promise<ReportResult> {
  const cfg = await caseConfig(ctx.db)
  const now = nowOf(ctx)
  const actor = ctx.actor
  const problems: ErrorDetail[] = []
  const fields = validateReportFields(input)
  problems.push(...fieldProblems(fields.problems))
  if (fields.value.category && !fileableCategory(cfg, fields.value.category))
    problems.push(problem('category', 'unknown_category', `category ${fields.value.category} is not a category cases can be filed under`))
  const isPublic = actor.kind === 'public'
  if (isPublic && fields.value.category && !cfg.categories.get(fields.value.category)?.isPublic)
    problems.push(problem('category', 'unknown_category', `category ${fields.value.category} is not offered to the public`))

  const onSpot = input.resolvedOnSpot ?? null
  let onSpotResult: string | undefined
  if (onSpot) {
    if (actor.kind !== 'account' || actor.principal.role !== 'grid_worker') problems.push(problem('resolvedOnSpot', 'not_your_part', 'only a grid worker resolves a case on the spot'))
    const r = validateStepText('result', onSpot.result, true)
    problems.push(...r.problems.map((p) => problem('resolvedOnSpot/result', p.problem, `result ${p.message}`)))
    onSpotResult = r.value
  }
  if ((input.photos?.length ?? 0) > CASE_LIMITS.photos) problems.push(problem('photos', 'too_many', `at most ${CASE_LIMITS.photos} photos`))
  if ((input.people?.length ?? 0) > CASE_LIMITS.people) problems.push(problem('people', 'too_many', `at most ${CASE_LIMITS.people} people`))
  if (!isPublic && (input.contactName || input.contactPhone)) problems.push(problem('contactName', 'not_allowed', 'a contact is given by residents only'))

  // Where: a point (its grid), or a grid code, or (residents only) just an address.
  let gridCode: string | undefined
  if (input.location) {
    gridCode = await gridOfPoint(ctx.db, input.location)
    if (!gridCode) problems.push(problem('location', 'outside_city', 'the location lies outside every grid of the city'))
    else if (input.gridCode && input.gridCode !== gridCode) problems.push(problem('gridCode', 'disagrees', `the location lies in grid ${gridCode}, not ${input.gridCode}`))
  } else if (input.gridCode) {
    const g = await sql<{ code: string }>`SELECT code FROM current_area WHERE code = ${input.gridCode} AND level = 'grid'`.execute(ctx.db)
    if (!g.rows[0]) problems.push(problem('gridCode', 'unknown_grid', `no current grid ${input.gridCode}`))
    else gridCode = input.gridCode
  } else if (!isPublic || !fields.value.address) {
    problems.push(problem('location', 'required', isPublic ? 'give a location on the map or an address' : 'give a location or a grid'))
  }
  if (gridCode && actor.kind === 'account' && !actor.scope.containsCode(gridCode)) {
    problems.push(problem(input.location ? 'location' : 'gridCode', 'outside_scope', 'the place lies outside your area'))
  }
  if (problems.length) {
    if (actor.kind === 'account') await ctx.audit({ action: 'case.report', target: null, outcome: 'failure', detail: { problems: problems.map((p) => ({ field: p.field, problem: p.problem })) } })
    throw validationFailed(problems)
  }

  const category = fields.value.category!
  const urgency = fields.value.urgency
  const rule = escalationFor(cfg, category, urgency)
  const holderCode = gridCode ? ancestorAt(gridCode, rule.target) : await cityCode(ctx.db)
  const holderLevel: HolderLevel = gridCode ? rule.target : 'city'
  const description = fields.value.description!
  const title = fields.value.title ?? titleFrom(description)
  const source: CaseSource = input.source ?? (isPublic ? 'public_web' : actor.kind === 'account' && actor.principal.role === 'grid_worker' ? 'grid_worker' : 'staff')
  const party: CaseParty = isPublic ? 'public' : actor.kind === 'account' && actor.principal.scopeCode === holderCode ? 'holder' : 'reporter'
  const action: CaseAction = onSpot ? 'resolve_on_spot' : 'report'
  const move = nextState('new', action, party)
  if (!move.ok) throw new AppError('forbidden', `You may not ${action.replaceAll('_', ' ')} a case`)
  const state = move.to

  const run = async (trx: Transaction<DB>): Promise<ReportResult> => {
    const clock = isOpenState(state) ? stepClock(cfg, { category, level: holderLevel, step: 'accept', urgency, startedAt: now }) : null
    const phone = isPublic && fields.value.contactPhone && !input.anonymous ? fields.value.contactPhone : null
    let inserted: { id: number; number: string } | undefined
    for (let attempt = 0; !inserted; attempt++) {
      const number = newCaseNumber(now, cfg.settings.utcOffsetMinutes)
      const values = {
        number,
        state,
        category,
        urgency,
        title,
        description,
        source,
        location: input.location ? sql<string>`ST_SetSRID(ST_MakePoint(${input.location.lon}, ${input.location.lat}), 4326)` : null,
        address: fields.value.address ?? null,
        grid_code: gridCode ?? null,
        holder_level: holderLevel,
        holder_code: holderCode,
        reporter: actor.kind === 'account' ? actor.principal.username : null,
        reporter_role: actorRole(actor),
        contact_name: isPublic && !input.anonymous ? (fields.value.contactName ?? null) : null,
        contact_phone_enc: phone ? ctx.cipher.encrypt(phone, PHONE_CONTEXT) : null,
        contact_phone_mask: phone ? maskPhone(phone) : null,
        anonymous: isPublic ? Boolean(input.anonymous) : false,
        open311_client: input.open311Client ?? null,
        open311_attributes: input.open311Attributes ? JSON.stringify(input.open311Attributes) : null,
        step: clock?.step ?? null,
        step_started_at: clock ? now : null,
        limit_amount: clock?.amount ?? null,
        limit_unit: clock?.unit ?? null,
        warn_at: clock?.warnAt ?? null,
        due_at: clock?.dueAt ?? null,
        red_at: clock?.redAt ?? null,
        result: onSpotResult ?? null,
        created_at: now,
        updated_at: now,
        closed_at: state === 'closed' ? now : null,
        closed_level: state === 'closed' ? 'grid' : null,
        concern_id: input.concernId ?? null,
      }
      // A number collision (about one in a billion a day) draws again.
      const r = await trx
        .insertInto('civic_case')
        .values(values)
        .onConflict((oc) => oc.column('number').doNothing())
        .returning(['id', 'number'])
        .execute()
      inserted = r[0] ? { id: Number(r[0].id), number: r[0].number } : undefined
      if (attempt > 5 && !inserted) throw new Error('could not draw a free case number')
    }
    const id = inserted.id
    await trx
      .insertInto('case_event')
      .values({
        case_id: id,
        seq: 1,
        at: now,
        action,
        from_state: null,
        to_state: state,
        actor: actorName(actor),
        actor_role: actorRole(actor),
        party,
        result: onSpotResult ?? null,
        to_holder: holderCode,
        detail: JSON.stringify({ source, ...(rule.copyLevels.length && gridCode ? { copied: rule.copyLevels.map((l) => ancestorAt(gridCode!, l)) } : {}) }),
      })
      .execute()
    if (gridCode && rule.copyLevels.length && state !== 'closed') {
      for (const level of rule.copyLevels) {
        const target = ancestorAt(gridCode, level)
        if (target !== holderCode)
          await trx.insertInto('case_copy').values({ case_id: id, target_code: target, target_kind: 'area', at: now, by_actor: actorName(actor) }).onConflict((oc) => oc.doNothing()).execute()
      }
    }
    await attachPhotos(trx, ctx, id, 1, input.photos ?? [], 'photos')
    if (input.people?.length) await attachPeople(trx, ctx, id, input.people)
    await auditCaseIn(ctx, trx, { action: 'case.report', target: `case:${id}`, outcome: 'success', detail: { number: inserted.number, category, state } })
    const answer = { id, number: inserted.number, state }
    await claim?.(trx, answer)
    return answer
  }
  return ctx.db.transaction().execute(run)
}

/** Attaches uploaded photos (the caller's own, not yet attached) to a case event; refuses any other. */
async function attachPhotos(trx: Transaction<DB>, ctx: CaseContext, caseId: number, seq: number, names: string[], field: string): Promise<void> {
  if (!names.length) return
  const unique = [...new Set(names)]
  const r = await sql<{ name: string }>`
    UPDATE case_photo SET case_id = ${caseId}, event_seq = ${seq}
    WHERE name = ANY(${unique}::text[]) AND owner = ${photoOwner(ctx.actor)} AND case_id IS NULL RETURNING name`.execute(trx)
  if (r.rows.length !== unique.length) {
    const found = new Set(r.rows.map((x) => x.name))
    throw validationFailed(unique.filter((n) => !found.has(n)).map((n) => problem(`${field}/${names.indexOf(n)}`, 'unknown_photo', `no unattached photo ${n} of yours`)))
  }
}

/** Who owns an upload: the account, or the public client (photos of residents are claimed by name only within their session of reporting). */
export function photoOwner(actor: CaseActor): string {
  return actor.kind === 'account' ? `account:${actor.principal.accountId}` : actor.kind === 'public' ? actor.label : 'system'
}

async function attachPeople(trx: Transaction<DB>, ctx: CaseContext, caseId: number, ids: number[]): Promise<void> {
  if (ctx.actor.kind !== 'account') throw validationFailed([problem('people', 'not_allowed', 'people are linked by staff only')])
  const unique = [...new Set(ids)]
  const r = await sql<{ id: number }>`
    SELECT id::int AS id FROM person WHERE id = ANY(${unique}::bigint[]) AND status = 'active' AND ${ctx.actor.scope.filterCode('grid_code')}`.execute(trx)
  if (r.rows.length !== unique.length) {
    const found = new Set(r.rows.map((x) => x.id))
    throw validationFailed(unique.filter((n) => !found.has(n)).map((n) => problem(`people/${ids.indexOf(n)}`, 'unknown_person', `no person ${n} in your area`)))
  }
  for (const id of unique) await trx.insertInto('case_person').values({ case_id: caseId, person_id: id, role: 'party' }).execute()
}

// --- steps ---------------------------------------------------------------------------------------------

export type ActInput = CaseActionBody
export type ActResult = CaseActionAnswer

/** The conditional update and the event of one step. */
interface Step {
  to: CaseState
  set: Updateable<CivicCaseTable>
  event: { reason?: string | null; result?: string | null; card?: Card | null; from_holder?: string | null; to_holder?: string | null; department_code?: string | null; amount?: number | null; detail?: Record<string, unknown> }
  /** Extra writes in the same transaction (copies). */
  after?: (trx: Transaction<DB>) => Promise<void>
}

/** Applies a workflow step for the caller. */
export async function actOnCase(ctx: CaseContext, id: number, input: ActInput, claim?: (trx: Transaction<DB>, answer: ActResult) => Promise<void>): Promise<ActResult> {
  const cfg = await caseConfig(ctx.db)
  const c = ctx.actor.kind === 'account' ? await requireVisibleCase(ctx, id) : await loadCase(ctx.db, id)
  if (!c) throw notFound(`Case ${id}`)
  const parties: CaseParty[] = ctx.actor.kind === 'account' ? partiesOf(ctx.actor.principal, ctx.actor.departmentCode, c) : ctx.actor.kind === 'public' ? ['public'] : ['system']
  const refuse = async (code: 'conflict' | 'forbidden' | 'validation_failed' | 'unsupported_operation', message: string, details: ErrorDetail[] = []) => {
    await ctx.audit({ action: `case.${input.action}`, target: `case:${id}`, outcome: code === 'forbidden' ? 'denied' : 'failure', detail: { code, problems: details.map((d) => d.problem) } })
    return new AppError(code, message, details)
  }
  if (ctx.actor.kind === 'account' && !hasPermission(ctx.actor.principal.role, 'case.work') && !(input.action === 'rate' && parties.includes('reporter')))
    throw await refuse('forbidden', 'Your role may not work on cases (needs case.work)')
  // The first of the caller's parties the table allows wins.
  let party: CaseParty | undefined
  let to: CaseState | undefined
  let lastProblem: 'not_allowed_in_state' | 'not_your_part' = 'not_your_part'
  for (const p of parties) {
    const r = nextState(c.state, input.action, p)
    if (r.ok) {
      party = p
      to = r.to
      break
    }
    lastProblem = r.problem
  }
  if (!parties.length) lastProblem = nextState(c.state, input.action, 'holder').ok ? 'not_your_part' : 'not_allowed_in_state'
  if (!party || !to) {
    const message =
      lastProblem === 'not_allowed_in_state'
        ? `A case in state ${c.state} cannot be ${input.action.replaceAll('_', ' ')}ed`
        : `You may not ${input.action.replaceAll('_', ' ')} this case in state ${c.state}`
    throw await refuse(lastProblem === 'not_allowed_in_state' ? 'unsupported_operation' : 'forbidden', message, [problem('action', lastProblem, message)])
  }
  if (input.version !== c.version) throw await refuse('conflict', `The case changed meanwhile (now version ${c.version}); reload it`, [problem('version', 'stale', `current version is ${c.version}`)])

  const problems: ErrorDetail[] = []
  const reason = validateStepText('reason', input.reason, REASON_REQUIRED.has(input.action))
  problems.push(...reason.problems.map((p) => problem('reason', p.problem, `reason ${p.message}`)))
  const result = validateStepText('result', input.result, RESULT_REQUIRED.has(input.action))
  problems.push(...result.problems.map((p) => problem('result', p.problem, `result ${p.message}`)))
  if ((input.photos?.length ?? 0) > CASE_LIMITS.photos) problems.push(problem('photos', 'too_many', `at most ${CASE_LIMITS.photos} photos`))
  const now = nowOf(ctx)
  const step = await planStep(ctx, cfg, c, input, party, to, now, problems, reason.value, result.value)
  if (problems.length || !step) {
    // Refusals because of where the case is (already rated, nothing to decide, no level above…) are 422; bad input 400.
    const stateBound = problems.length > 0 && problems.every((p) => STATE_PROBLEMS.has(p.problem ?? ''))
    throw await refuse(stateBound ? 'unsupported_operation' : 'validation_failed', stateBound ? problems[0]!.message : 'The step is not valid', problems)
  }

  const seq = c.version + 1
  const done = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('civic_case')
      .set({ ...step.set, state: step.to, version: seq, updated_at: now })
      .where('id', '=', c.id)
      .where('version', '=', c.version)
      .where('state', '=', c.state)
      .returning(['id', 'number', 'version', 'state'])
      .executeTakeFirst()
    if (!r) return undefined
    await trx
      .insertInto('case_event')
      .values({
        case_id: c.id,
        seq,
        at: now,
        action: input.action,
        from_state: c.state,
        to_state: step.to,
        actor: actorName(ctx.actor),
        actor_role: actorRole(ctx.actor),
        party,
        reason: step.event.reason ?? null,
        result: step.event.result ?? null,
        card: step.event.card ?? null,
        from_holder: step.event.from_holder ?? null,
        to_holder: step.event.to_holder ?? null,
        department_code: step.event.department_code ?? null,
        amount: step.event.amount ?? null,
        detail: JSON.stringify(step.event.detail ?? {}),
      })
      .execute()
    await attachPhotos(trx, ctx, c.id, seq, input.photos ?? [], 'photos')
    await step.after?.(trx)
    await auditCaseIn(ctx, trx, { action: `case.${input.action}`, target: `case:${c.id}`, outcome: 'success', detail: { from: c.state, to: step.to, version: seq } })
    const answer = { id: Number(r.id), number: r.number, version: r.version, state: r.state }
    await claim?.(trx, answer)
    return answer
  })
  if (!done) throw await refuse('conflict', 'The case changed meanwhile; reload it', [problem('version', 'stale', 'someone else acted first')])
  return done
}

/** Problems that come from the case's situation, not from the input. */
const STATE_PROBLEMS = new Set(['already_rated', 'extension_pending', 'no_extension_request', 'no_higher_level', 'nowhere_to_return'])

/** The clock columns of a new step (or none, when the case leaves the open states). */
function clockColumns(cfg: CaseConfig, c: CaseRow, to: CaseState, level: LimitLevel, now: Date): Updateable<CivicCaseTable> {
  const overdueNow = Boolean(c.due_at && now >= c.due_at && c.step)
  if (!isOpenState(to)) {
    return { step: null, step_started_at: null, limit_amount: null, limit_unit: null, extension_amount: '0', extension_request: null, warn_at: null, due_at: null, red_at: null, ever_overdue: c.ever_overdue || overdueNow }
  }
  const clock = stepClock(cfg, { category: c.category, level, step: STEP_OF_STATE[to], urgency: c.urgency, startedAt: now })
  return {
    step: clock.step,
    step_started_at: now,
    limit_amount: clock.amount,
    limit_unit: clock.unit,
    extension_amount: '0',
    extension_request: null,
    warn_at: clock.warnAt,
    due_at: clock.dueAt,
    red_at: clock.redAt,
    auto_level: 0,
    supervision: 'none',
    ever_overdue: c.ever_overdue || overdueNow,
  }
}

/** Checks the action's own input and plans its change; pushes problems instead of throwing. */
async function planStep(
  ctx: CaseContext,
  cfg: CaseConfig,
  c: CaseRow,
  input: ActInput,
  party: CaseParty,
  to: CaseState,
  now: Date,
  problems: ErrorDetail[],
  reason: string | undefined,
  result: string | undefined,
): Promise<Step | undefined> {
  const base = { reason: reason ?? null, result: result ?? null }
  switch (input.action) {
    case 'accept':
      return { to, set: { ...clockColumns(cfg, c, to, c.holder_level, now), accepted_at: c.accepted_at ?? now }, event: base }
    case 'reject':
      return { to, set: { ...clockColumns(cfg, c, to, c.holder_level, now), closed_at: null }, event: base }
    case 'escalate': {
      const up = levelAbove(c.holder_level)
      if (!up) {
        problems.push(problem('action', 'no_higher_level', 'the city is the highest level'))
        return undefined
      }
      const target = ancestorAt(c.holder_code, up)
      return { to, set: { ...clockColumns(cfg, c, to, up, now), holder_level: up, holder_code: target, prev_holder_code: c.holder_code }, event: { ...base, from_holder: c.holder_code, to_holder: target } }
    }
    case 'return': {
      if (c.state === 'dispatched') {
        return { to, set: { ...clockColumns(cfg, c, to, c.holder_level, now), department_code: null }, event: { ...base, department_code: c.department_code } }
      }
      if (!c.prev_holder_code) {
        problems.push(problem('action', 'nowhere_to_return', 'the case came to this level directly: reject it instead'))
        return undefined
      }
      const level = holderLevelOfCode(c.prev_holder_code)!
      return {
        to,
        set: { ...clockColumns(cfg, c, to, level, now), holder_level: level, holder_code: c.prev_holder_code, prev_holder_code: null, accepted_at: c.accepted_at ?? now },
        event: { ...base, from_holder: c.holder_code, to_holder: c.prev_holder_code },
      }
    }
    case 'assign': {
      const target = input.target ?? ''
      const level = holderLevelOfCode(target)
      const below = level && target !== c.holder_code && codeInScope(c.holder_code, target)
      if (!below) {
        problems.push(problem('target', 'not_below', 'assign to a street or community below the level holding the case'))
        return undefined
      }
      if (c.grid_code && !c.grid_code.startsWith(target)) {
        problems.push(problem('target', 'not_the_place', `the case lies in grid ${c.grid_code}, outside ${target}`))
        return undefined
      }
      const exists = await sql<{ code: string }>`SELECT code FROM current_area WHERE code = ${target}`.execute(ctx.db)
      if (!exists.rows[0]) {
        problems.push(problem('target', 'unknown_area', `no current area ${target}`))
        return undefined
      }
      return { to, set: { ...clockColumns(cfg, c, to, level, now), holder_level: level, holder_code: target, prev_holder_code: c.holder_code }, event: { ...base, from_holder: c.holder_code, to_holder: target } }
    }
    case 'dispatch': {
      const code = input.department ?? ''
      const d = (await sql<{ code: string; area_code: string; active: boolean }>`SELECT code, area_code, active FROM department WHERE code = ${code}`.execute(ctx.db)).rows[0]
      if (!d || !d.active) {
        problems.push(problem('department', 'unknown_department', `no active department ${code}`))
        return undefined
      }
      if (!codeInScope(d.area_code, c.holder_code)) {
        problems.push(problem('department', 'out_of_reach', `department ${code} does not serve ${c.holder_code}`))
        return undefined
      }
      return { to, set: { ...clockColumns(cfg, c, to, 'department', now), department_code: code }, event: { ...base, department_code: code } }
    }
    case 'feedback':
      return { to, set: { ...clockColumns(cfg, c, to, c.holder_level, now), result: result ?? null }, event: { ...base, department_code: c.department_code } }
    case 'close':
    case 'verify':
      return { to, set: { ...clockColumns(cfg, c, to, c.holder_level, now), result: result ?? c.result, closed_at: now, closed_level: c.holder_level }, event: base }
    case 'rework':
      return { to, set: { ...clockColumns(cfg, c, to, 'department', now), rework_count: c.rework_count + 1 }, event: { ...base, department_code: c.department_code } }
    case 'request_extension': {
      if (c.extension_request) problems.push(problem('action', 'extension_pending', 'an extension request is already waiting for a decision'))
      const amount = input.amount
      const max = c.limit_unit === 'working_days' || c.limit_unit === 'calendar_days' ? CASE_LIMITS.extensionDays : CASE_LIMITS.extensionDays * 8
      if (amount === null || amount === undefined || !Number.isFinite(amount) || amount <= 0 || amount > max)
        problems.push(problem('amount', 'out_of_range', `give the extension in the limit's unit (${c.limit_unit}), more than 0 and at most ${max}`))
      if (problems.length) return undefined
      const request: ExtensionRequest = { by: actorName(ctx.actor), party, amount: amount!, reason: reason!, at: now.toISOString() }
      return { to, set: { extension_request: JSON.stringify(request) }, event: { ...base, amount } }
    }
    case 'grant_extension':
    case 'refuse_extension': {
      const req = c.extension_request
      if (!req) {
        problems.push(problem('action', 'no_extension_request', 'no extension request is waiting'))
        return undefined
      }
      if (input.action === 'refuse_extension') return { to, set: { extension_request: null }, event: { ...base, amount: req.amount, detail: { requestedBy: req.by } } }
      const extension = Number(c.extension_amount) + req.amount
      const clock = stepClock(cfg, { category: c.category, level: c.state === 'dispatched' ? 'department' : c.holder_level, step: c.step!, urgency: c.urgency, startedAt: c.step_started_at!, extension })
      const stillOverdue = now >= clock.dueAt
      return {
        to,
        set: {
          extension_request: null,
          extension_amount: String(extension),
          warn_at: clock.warnAt,
          due_at: clock.dueAt,
          red_at: clock.redAt,
          // A new deadline in the future: the sweep may urge again when it passes.
          auto_level: stillOverdue ? c.auto_level : 0,
        },
        event: { ...base, amount: req.amount, detail: { requestedBy: req.by, dueAt: clock.dueAt.toISOString() } },
      }
    }
    case 'urge': {
      const card = input.card
      if (card !== 'yellow' && card !== 'red') {
        problems.push(problem('card', 'required', 'choose a yellow or red card'))
        return undefined
      }
      const supervision = c.supervision === 'red' || card === 'red' ? 'red' : 'yellow'
      return { to, set: { supervision }, event: { ...base, card } }
    }
    case 'copy': {
      const target = input.target ?? ''
      const isDept = target.includes('-')
      const ok = isDept
        ? (await sql<{ code: string }>`SELECT code FROM department WHERE code = ${target} AND active`.execute(ctx.db)).rows[0]
        : holderLevelOfCode(target) && (await sql<{ code: string }>`SELECT code FROM current_area WHERE code = ${target}`.execute(ctx.db)).rows[0]
      if (!ok) {
        problems.push(problem('target', 'unknown_target', `no area or department ${target}`))
        return undefined
      }
      return {
        to,
        set: {},
        event: { ...base, detail: { target } },
        after: async (trx) => {
          await trx
            .insertInto('case_copy')
            .values({ case_id: c.id, target_code: target, target_kind: isDept ? 'department' : 'area', at: now, by_actor: actorName(ctx.actor) })
            .onConflict((oc) => oc.doNothing())
            .execute()
        },
      }
    }
    case 'merge': {
      const into = input.mergeInto
      if (!into || into === c.id) {
        problems.push(problem('mergeInto', 'required', 'name the case this one repeats'))
        return undefined
      }
      const other = await requireVisibleCase(ctx, into).catch(() => undefined)
      if (!other || other.state === 'merged' || other.state === 'rejected') {
        problems.push(problem('mergeInto', 'unknown_case', `case ${into} cannot take the merge`))
        return undefined
      }
      return { to, set: { ...clockColumns(cfg, c, to, c.holder_level, now), merged_into: into }, event: { ...base, detail: { mergedInto: into, number: other.number } } }
    }
    case 'rate': {
      if (c.rated_at) {
        problems.push(problem('rating', 'already_rated', 'this case has been rated'))
        return undefined
      }
      const rating = input.rating
      if (!Number.isInteger(rating) || rating! < 1 || rating! > 5) problems.push(problem('rating', 'out_of_range', 'rate from 1 to 5'))
      const comment = validateStepText('comment', input.comment, false)
      problems.push(...comment.problems.map((p) => problem('comment', p.problem, `comment ${p.message}`)))
      if (problems.length) return undefined
      return { to, set: { rating: rating!, rating_comment: comment.value ?? null, rated_at: now }, event: { reason: comment.value ?? null, detail: { rating } } }
    }
    case 'report':
    case 'resolve_on_spot':
      problems.push(problem('action', 'not_allowed_in_state', 'a case is reported once'))
      return undefined
  }
}
