// Importing boundaries (GeoJSON, e.g. drawn in QGIS or in the web editor) under a root area.
// One transaction: validate → stage → diff against the current map → write new versions → check the
// coverage of every parent the change touches → commit, or roll back and report every problem.
// A dry run does all of it and always rolls back, so "validated" means exactly what "apply" would do.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../../db-schema.ts'
import { AppError, type ErrorDetail } from '../../infra/http/errors.ts'
import { impliedParentCode, levelOfCode, AREA_LEVELS, type AreaLevel } from '../../../shared/area-codes.ts'
import { validateBoundaryCollection, type BoundaryFeature } from './geojson-validate.ts'
import { appendAudit, appendAuditIn } from '../audit/index.ts'
import { checkCoverage, summarize, DEFAULT_TOLERANCE_M2 } from './coverage.ts'
import type { ImportMode, ImportResult } from '../../../shared/api-types.ts'

export type { ImportMode, ImportResult }

export interface ImportOptions {
  dryRun: boolean
  /** Who asks, and from where: recorded in the audit trail. */
  actor?: string
  source?: string
  mode: ImportMode
  toleranceM2?: number
  kind?: 'import' | 'edit' | 'seed'
  /**
   * Runs in the change's transaction once the new boundaries are written and their coverage holds
   * (the registry moves its records to their new grids here); its counts go into the result.
   */
  afterChange?: BoundaryChangeHook
}

export type BoundaryChangeHook = (
  trx: Kysely<DB>,
  change: { rootCode: string; changeId: number | null; actor: string; created: string[]; updated: string[]; retired: string[] },
) => Promise<Record<string, number>>

class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run')
  }
}

/** Validates and (unless dry-run) applies a boundary collection under `rootCode`, atomically. */
export async function importBoundaries(
  db: Kysely<DB>,
  rootCode: string,
  input: unknown,
  options: ImportOptions,
): Promise<ImportResult> {
  const validated = validateBoundaryCollection(input)
  if (!validated.ok) throw new AppError('invalid_geojson', 'The GeoJSON is not a valid boundary collection', validated.details)
  const features = validated.features

  const who = { actor: options.actor ?? 'anonymous', source: options.source ?? null, target: `area:${rootCode}` }
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await applyInTransaction(trx, rootCode, features, options)
      if (options.afterChange && result.created.length + result.updated.length + result.retired.length > 0) {
        result.reassigned = await options.afterChange(trx, {
          rootCode,
          changeId: result.changeId,
          actor: who.actor,
          created: result.created,
          updated: result.updated,
          retired: result.retired,
        })
      }
      if (options.dryRun) throw new DryRunRollback(result)
      if (result.changeId !== null) {
        // The record of the change commits with the change, or neither does.
        await appendAuditIn(trx, {
          ...who,
          action: 'area.import',
          outcome: 'success',
          detail: { changeId: result.changeId, mode: options.mode, created: result.created, updated: result.updated, retired: result.retired },
        })
      }
      return result
    })
  } catch (err) {
    if (err instanceof DryRunRollback) return err.result
    if (err instanceof AppError && !options.dryRun) {
      await appendAudit(db, { ...who, action: 'area.import', outcome: 'failure', detail: { code: err.code, problems: err.details.length } })
    }
    throw err
  }
}

interface CurrentRow {
  code: string
  path: string
  level: AreaLevel
  name: string
  responsible_unit: string | null
}

async function applyInTransaction(
  trx: Transaction<DB>,
  rootCode: string,
  features: BoundaryFeature[],
  options: ImportOptions,
): Promise<ImportResult> {
  // Boundary changes are rare and must not interleave: one at a time, whoever sends them.
  await sql`SELECT pg_advisory_xact_lock(hashtext('frontline.boundary_change'))`.execute(trx)

  const root = (
    await sql<CurrentRow>`SELECT code, path, level, name, responsible_unit FROM current_area WHERE code = ${rootCode}`.execute(trx)
  ).rows[0]
  if (!root) throw new AppError('not_found', `Area ${rootCode} not found`, [{ field: '/code', areaCode: rootCode, message: 'no such area', problem: 'area_not_found' }])

  const codes = features.map((f) => f.code)
  const existing = new Map(
    (
      await sql<CurrentRow & { valid_to: Date | null }>`
        SELECT code, path, level, name, responsible_unit, valid_to FROM area WHERE code IN (${sql.join(codes)})`.execute(trx)
    ).rows.map((r) => [r.code, r]),
  )
  const inFile = new Set(codes)
  const details: ErrorDetail[] = []
  const rootRank = AREA_LEVELS.indexOf(root.level)
  // Descendants' codes start with the root's code; a city's (630100) with its first four digits.
  const rootPrefix = root.level === 'city' ? root.code.slice(0, 4) : root.code

  // Parents outside the file must exist already: one lookup for all of them.
  const outsideParents = [...new Set(codes.map((c) => impliedParentCode(c)).filter((p): p is string => !!p && !inFile.has(p)))]
  const parentPaths = new Map(
    outsideParents.length === 0
      ? []
      : (
          await sql<{ code: string; path: string }>`SELECT code, path FROM current_area WHERE code IN (${sql.join(outsideParents)})`.execute(trx)
        ).rows.map((r) => [r.code, r.path] as const),
  )
  // Hierarchy: each feature is the root itself or a descendant whose parent exists or is in the file.
  for (const f of features) {
    const at = { feature: f.index, areaCode: f.code }
    const level = levelOfCode(f.code)!
    const prev = existing.get(f.code)
    if (prev?.valid_to) {
      details.push({ ...at, field: `/features/${f.index}/properties/code`, problem: 'code_retired', message: `Code ${f.code} belonged to an abolished area; codes are not reused` })
      continue
    }
    if (f.code === root.code) continue
    if (AREA_LEVELS.indexOf(level) <= rootRank || !f.code.startsWith(rootPrefix)) {
      details.push({ ...at, field: `/features/${f.index}/properties/code`, problem: 'outside_root', message: `Area ${f.code} is not below ${root.code} ${root.name}` })
      continue
    }
    const parent = impliedParentCode(f.code)!
    if (!inFile.has(parent)) {
      const path = parentPaths.get(parent)
      if (!path || !(path === root.path || path.startsWith(`${root.path}.`))) {
        details.push({ ...at, field: `/features/${f.index}/properties/code`, problem: 'parent_unknown', message: `Parent ${parent} of ${f.code} does not exist under ${root.code}` })
      }
    }
  }
  if (details.length > 0) throw new AppError('boundary_invalid', 'Some features do not fit the area hierarchy', details)

  // Stage the features as geometries and check each one with PostGIS.
  await sql`CREATE TEMP TABLE incoming (
      idx int PRIMARY KEY, code text NOT NULL, name text NOT NULL, responsible_unit text, geom geometry NOT NULL
    ) ON COMMIT DROP`.execute(trx)
  const CHUNK = 500
  for (let i = 0; i < features.length; i += CHUNK) {
    const rows = features.slice(i, i + CHUNK).map(
      (f) =>
        sql`(${f.index}, ${f.code}, ${f.name}, ${f.responsibleUnit ?? null},
             ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), 4326))`,
    )
    await sql`INSERT INTO incoming (idx, code, name, responsible_unit, geom) VALUES ${sql.join(rows)}`.execute(trx)
  }
  const invalid = await sql<{ idx: number; code: string; reason: string; location: string | null }>`
    SELECT idx, code, (ST_IsValidDetail(geom)).reason AS reason, ST_AsGeoJSON((ST_IsValidDetail(geom)).location) AS location
    FROM incoming WHERE NOT ST_IsValid(geom) ORDER BY idx`.execute(trx)
  for (const r of invalid.rows) {
    details.push({
      feature: r.idx,
      areaCode: r.code,
      field: `/features/${r.idx}/geometry`,
      problem: /self-intersection/i.test(r.reason) ? 'self_intersection' : 'invalid_geometry',
      message: `Invalid geometry: ${r.reason}`,
      ...(r.location ? { geometry: JSON.parse(r.location) } : {}),
    })
  }
  const tiny = await sql<{ idx: number; code: string; area_m2: number }>`
    SELECT idx, code, ST_Area(geom::geography) AS area_m2 FROM incoming
    WHERE ST_IsValid(geom) AND ST_Area(geom::geography) <= ${options.toleranceM2 ?? DEFAULT_TOLERANCE_M2} ORDER BY idx`.execute(trx)
  for (const r of tiny.rows) {
    details.push({ feature: r.idx, areaCode: r.code, field: `/features/${r.idx}/geometry`, problem: 'area_too_small', areaM2: r.area_m2, message: `The polygon covers only ${r.area_m2.toFixed(2)} m²` })
  }
  if (details.length > 0) throw new AppError('boundary_invalid', 'Some geometries are not valid polygons', details)
  await sql`UPDATE incoming SET geom = ST_Multi(geom)`.execute(trx)

  // Diff against the current map. Geometry is "unchanged" only when byte-identical, so a round trip
  // through export and import is exact and any real edit, however small, makes a new version.
  const diff = await sql<{ code: string; state: 'created' | 'updated' | 'unchanged' }>`
    SELECT i.code,
      CASE WHEN c.code IS NULL THEN 'created'
           WHEN ST_AsBinary(c.geom) = ST_AsBinary(i.geom) AND c.name = i.name
                AND c.responsible_unit IS NOT DISTINCT FROM COALESCE(i.responsible_unit, c.responsible_unit) THEN 'unchanged'
           ELSE 'updated' END AS state
    FROM incoming i LEFT JOIN current_area c ON c.code = i.code ORDER BY i.code`.execute(trx)
  const created = diff.rows.filter((r) => r.state === 'created').map((r) => r.code)
  const updated = diff.rows.filter((r) => r.state === 'updated').map((r) => r.code)
  const unchanged = diff.rows.length - created.length - updated.length

  // Replace mode: current children of every parent the file speaks for, that the file leaves out.
  let retired: string[] = []
  if (options.mode === 'replace') {
    const parentsInFile = [...new Set(features.filter((f) => f.code !== root.code).map((f) => impliedParentCode(f.code)!))]
    if (parentsInFile.length > 0) {
      retired = (
        await sql<{ code: string }>`
          SELECT a.code FROM area a
          WHERE a.valid_to IS NULL AND a.parent_code IN (${sql.join(parentsInFile)})
            AND a.code NOT IN (SELECT code FROM incoming) ORDER BY a.code`.execute(trx)
      ).rows.map((r) => r.code)
      const orphans = retired.length
        ? (
            await sql<{ code: string; parent_code: string }>`
              SELECT code, parent_code FROM area WHERE valid_to IS NULL AND parent_code IN (${sql.join(retired)})
                AND code NOT IN (SELECT code FROM incoming) ORDER BY code LIMIT 50`.execute(trx)
          ).rows
        : []
      if (orphans.length > 0) {
        throw new AppError(
          'boundary_invalid',
          'Areas that still have children cannot be retired',
          orphans.map((o) => ({ areaCode: o.parent_code, problem: 'retired_area_has_children', message: `${o.parent_code} would be retired but its child ${o.code} remains` })),
        )
      }
    }
  }

  const result: ImportResult = {
    dryRun: options.dryRun,
    applied: false,
    changeId: null,
    created,
    updated,
    retired,
    unchanged,
    coverage: { parentsChecked: 0, summary: summarize([]) },
  }
  if (created.length + updated.length + retired.length === 0) {
    result.applied = !options.dryRun
    return result
  }

  const summary = JSON.stringify({ created, updated, retired })
  const change = await sql<{ id: number }>`
    INSERT INTO boundary_change (root_code, kind, summary) VALUES (${root.code}, ${options.kind ?? 'import'}, ${summary}::jsonb)
    RETURNING id`.execute(trx)
  const changeId = Number(change.rows[0]!.id)

  // New areas: parents before children (path needs the parent's path).
  const createdByDepth = [...created].sort((a, b) => a.length - b.length)
  for (const code of createdByDepth) {
    await sql`
      INSERT INTO area (code, parent_code, level, name, path, responsible_unit, kind)
      SELECT i.code, p.code, ${levelOfCode(code)!}, i.name, p.path || '.' || i.code, i.responsible_unit, p.kind
      FROM incoming i JOIN area p ON p.code = ${impliedParentCode(code)!} AND p.valid_to IS NULL
      WHERE i.code = ${code}`.execute(trx)
  }
  if (updated.length > 0) {
    await sql`
      UPDATE area a SET name = i.name, responsible_unit = COALESCE(i.responsible_unit, a.responsible_unit)
      FROM incoming i WHERE a.code = i.code AND a.code IN (${sql.join(updated)})`.execute(trx)
  }
  const closing = [...updated, ...retired]
  if (closing.length > 0) {
    await sql`UPDATE area_boundary SET valid_to = now() WHERE valid_to IS NULL AND area_code IN (${sql.join(closing)})`.execute(trx)
  }
  if (retired.length > 0) {
    await sql`UPDATE area SET valid_to = now() WHERE valid_to IS NULL AND code IN (${sql.join(retired)})`.execute(trx)
  }
  const writing = [...created, ...updated]
  if (writing.length > 0) {
    await sql`
      INSERT INTO area_boundary (area_code, change_id, geom, area_m2)
      SELECT i.code, ${changeId}, i.geom, ST_Area(i.geom::geography)
      FROM incoming i WHERE i.code IN (${sql.join(writing)})`.execute(trx)
  }

  // Every parent whose tiling may have changed: parents of touched areas, and touched areas that
  // have children of their own (a redrawn community must still be tiled by its grids).
  const touched = [...created, ...updated, ...retired]
  const parents = (
    await sql<{ code: string }>`
      SELECT DISTINCT parent_code AS code FROM area WHERE code IN (${sql.join(touched)}) AND parent_code IS NOT NULL
      UNION
      SELECT code FROM area WHERE code IN (${sql.join(touched)}) AND valid_to IS NULL`.execute(trx)
  ).rows.map((r) => r.code)
  const coverage = await checkCoverage(trx, { codes: parents }, options.toleranceM2 ?? DEFAULT_TOLERANCE_M2)
  if (coverage.issues.length > 0) {
    throw new AppError(
      'coverage_violation',
      `The change would leave ${coverage.issues.length} gap(s), overlap(s) or piece(s) outside a parent`,
      coverage.issues.map((i) => ({
        problem: i.kind,
        areaCode: i.areaCodes[0] ?? i.parentCode,
        feature: features.find((f) => i.areaCodes.includes(f.code))?.index,
        message: describeIssue(i.kind, i.parentCode, i.areaCodes, i.areaM2),
        areaM2: i.areaM2,
        parentCode: i.parentCode,
        areaCodes: i.areaCodes,
        geometry: i.geometry,
      })),
    )
  }

  result.applied = !options.dryRun
  result.changeId = options.dryRun ? null : changeId
  result.coverage = { parentsChecked: coverage.parentsChecked, summary: summarize(coverage.issues) }
  return result
}

function describeIssue(kind: string, parent: string, areas: string[], m2: number): string {
  const size = `${m2.toFixed(2)} m²`
  if (kind === 'gap') return `Gap of ${size} inside ${parent} covered by none of its children (next to ${areas.join(', ') || 'no child'})`
  if (kind === 'overlap') return `Overlap of ${size} between ${areas.join(' and ')}`
  return `${size} of ${areas.join(', ')} lies outside its parent ${parent}`
}
