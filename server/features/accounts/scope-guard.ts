// The one place area scope is enforced. Every request carries a ScopeGuard (request.scope) built from
// its principal; features ask it for the SQL condition of their lists and for the records they open.
// A record outside the caller's scope behaves exactly as if it did not exist (404), and the attempt is
// audited. With no principal, nothing is in scope.
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../../db-schema.ts'
import type { AreaLevel } from '../../../shared/area-codes.ts'
import { notFound } from '../../infra/http/errors.ts'
import { codeInScope, codeScopeFilter, inScope, scopeFilter } from './scope.ts'
import type { Principal, RequestAuditInput } from './principal.ts'

export interface ScopedArea {
  code: string
  path: string
  level: AreaLevel
  name: string
}

export class ScopeGuard {
  constructor(
    private readonly db: Kysely<DB>,
    readonly principal: Principal | null,
    private readonly audit: (input: RequestAuditInput) => Promise<void>,
  ) {}

  /** The path of the caller's scope root, or null (no principal: nothing is in scope). */
  get rootPath(): string | null {
    return this.principal?.scopePath ?? null
  }

  get rootCode(): string | null {
    return this.principal?.scopeCode ?? null
  }

  /** Whether an area with path `path` lies in the caller's subtree. */
  contains(path: string): boolean {
    return this.principal !== null && inScope(this.principal.scopePath, path)
  }

  /** SQL condition: the row's area path column lies in the caller's subtree. */
  filter(pathColumn: string): RawBuilder<boolean> {
    return this.principal ? scopeFilter(this.principal.scopePath, pathColumn) : sql<boolean>`false`
  }

  /** Whether an area code (e.g. a record's grid_code) lies in the caller's subtree. */
  containsCode(code: string): boolean {
    return this.principal !== null && codeInScope(this.principal.scopeCode, code)
  }

  /** SQL condition: the row's area-code column (grid_code of registry records) lies in the caller's subtree. */
  filterCode(codeColumn: string): RawBuilder<boolean> {
    return this.principal ? codeScopeFilter(this.principal.scopeCode, codeColumn) : sql<boolean>`false`
  }

  /**
   * The area `code` if it exists and lies in the caller's scope; otherwise 404 not_found — the same
   * answer as for an area that does not exist — and, when it does exist, an audit record "denied".
   */
  async requireArea(code: string): Promise<ScopedArea> {
    const row = (
      await sql<ScopedArea>`SELECT code, path, level, name FROM area WHERE code = ${code}`.execute(this.db)
    ).rows[0]
    if (!row) throw notFound(`Area ${code}`)
    if (!this.contains(row.path)) {
      await this.deny(`area:${code}`)
      throw notFound(`Area ${code}`)
    }
    return row
  }

  /**
   * A record placed in an area (its `grid_code`) if it exists and lies in the caller's scope;
   * otherwise 404 — the same answer as for a missing record — audited when it exists elsewhere.
   * `kind` names it in the audit target (kind:id) and, capitalised, in the message.
   */
  async requireRecord<T extends { grid_code: string }>(row: T | undefined, kind: string, id: number): Promise<T> {
    const what = `${kind[0]!.toUpperCase()}${kind.slice(1)} ${id}`
    if (!row) throw notFound(what)
    if (!this.containsCode(row.grid_code)) {
      await this.deny(`${kind}:${id}`)
      throw notFound(what)
    }
    return row
  }

  /** Records a refused access to `target` (kind:id) outside the caller's scope. */
  async deny(target: string, detail: Record<string, unknown> = {}): Promise<void> {
    await this.audit({ action: 'access.out_of_scope', target, outcome: 'denied', detail: { scope: this.rootCode, ...detail } })
  }
}
