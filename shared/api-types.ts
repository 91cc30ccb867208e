// Shapes of the API's responses, shared by the server (which produces them) and the web app (which
// reads them). The TypeBox schemas in server/features/*/…schemas.ts validate and document them.
import type { AreaLevel } from './area-codes.ts'

export interface AreaRef {
  code: string
  name: string
  level: AreaLevel
}

export interface AreaSummary extends AreaRef {
  parentCode: string | null
  childCount: number
  areaKm2: number
  responsibleUnit: string | null
  kind: 'urban' | 'rural' | null
}

export interface AreaDetail extends AreaSummary {
  /** Root first, excluding the area itself. */
  ancestors: AreaRef[]
  /** [west, south, east, north] */
  bbox: [number, number, number, number]
  validFrom: string
  boundaryFrom: string
  versionCount: number
  /** The responsible grid worker of a grid (null for other levels, or a grid nobody holds). */
  gridWorker: { username: string; displayName: string } | null
}

export interface AreaBoundaryVersion {
  validFrom: string
  validTo: string | null
  areaKm2: number
  changeId: number
  changeKind: 'seed' | 'import' | 'edit'
}

export type CoverageIssueKind = 'gap' | 'overlap' | 'outside'

export interface CoverageIssueProperties {
  kind: CoverageIssueKind
  parentCode: string
  parentName: string
  areaCodes: string[]
  areaNames: string[]
  areaM2: number
}

export interface CoverageSummary {
  gaps: number
  overlaps: number
  outside: number
  gapM2: number
  overlapM2: number
  outsideM2: number
}

export type ImportMode = 'upsert' | 'replace'

export interface ImportResult {
  dryRun: boolean
  applied: boolean
  changeId: number | null
  created: string[]
  updated: string[]
  retired: string[]
  unchanged: number
  coverage: { parentsChecked: number; summary: CoverageSummary }
  /** Registry records moved to the grid they now lie in, per kind of record (a dry run: would move). */
  reassigned?: Record<string, number>
}

// ---------------------------------------------------------------------------------------------------
// Accounts, sessions, security policy and audit (issue 3). Routes are under /api/v1; see docs/auth.md.

import type { Permission, Role } from './roles.ts'

/** What a session still needs before it opens the API ('active' = fully logged in). */
export type SessionStage = 'totp' | 'password_change' | 'totp_enrol' | 'active'

/** The logged-in user as the web app sees it (GET /auth/session, and every login step's answer). */
export interface SessionInfo {
  stage: SessionStage
  /** Send it back in the X-CSRF-Token header with every POST/PUT/PATCH/DELETE. */
  csrfToken: string
  account: {
    id: number
    username: string
    displayName: string
    role: Role
    scope: AreaRef
    permissions: Permission[]
  }
  /** When the session ends at the latest (absolute timeout), and when it ends if left idle. */
  expiresAt: string
  idleExpiresAt: string
  /** Until when a re-authentication (POST /auth/reauth) counts as recent, or null. */
  reauthUntil: string | null
  /** The password rules the user must meet (for the password-change form). */
  passwordPolicy: PasswordPolicyView
}

/** The password rules (server/features/accounts/password-policy.ts checks them). */
export interface PasswordPolicyView {
  profile: 'mlps' | 'nist' | 'custom'
  minLength: number
  maxLength: number
  /** How many of lower, upper, digit, symbol must appear (0 = no composition rule). */
  minClasses: number
  /** Days after which a password must be changed (0 = never). */
  maxAgeDays: number
  /** How many previous passwords may not be reused. */
  historySize: number
  rejectCommon: boolean
  rejectContext: boolean
}

/** POST /auth/totp/enrolment: the secret to scan (otpauth URI, QR code as SVG) and type as a fallback. */
export interface TotpEnrolment {
  secret: string
  otpauthUri: string
  qrSvg: string
}

export interface SecurityPolicy {
  password: PasswordPolicyView
  /** Failed logins before an account name is locked, and for how long. */
  lockout: { maxFailures: number; lockMinutes: number; sourceMaxFailures: number; sourceLockMinutes: number }
  session: { idleMinutes: number; absoluteHours: number; reauthMinutes: number }
  audit: { retentionDays: number }
}

export interface SecurityPolicyView extends SecurityPolicy {
  version: number
  updatedAt: string
  updatedBy: string
}

/** An account as listed and shown to a system admin. Personal fields are masked ("138****5678"). */
export interface AccountView {
  id: number
  username: string
  displayName: string
  role: Role
  scope: AreaRef
  status: 'active' | 'disabled'
  phone: string | null
  totpEnrolled: boolean
  mustChangePassword: boolean
  lastLoginAt: string | null
  passwordChangedAt: string
  createdAt: string
  gridCount: number
  version: number
}

export interface AccountList {
  items: AccountView[]
  total: number
}

/** POST /accounts and POST /accounts/:id/password-reset: shown once, to hand to the user. */
export interface AccountCreated {
  account: AccountView
  temporaryPassword: string
}

/** POST /accounts/:id/personal-data: the unmasked fields (the request is audited with its reason). */
export interface AccountPersonalData {
  phone: string | null
}

export interface GridAssignment {
  grid: AreaRef
  accountId: number | null
  username: string | null
  displayName: string | null
}

/** GET /accounts/:id/grids and GET /grid-assignments. */
export interface GridAssignmentList {
  items: GridAssignment[]
  total: number
}

/** PUT /accounts/:id/grids: the worker's grids after the change, and what changed. */
export interface GridAssignmentChange {
  items: GridAssignment[]
  /** Grids newly assigned to the worker (moved ones included). */
  added: string[]
  /** Grids the worker no longer holds: they have no worker now. */
  removed: string[]
  /** Grids taken from another worker. */
  moved: { gridCode: string; fromAccountId: number; fromUsername: string }[]
}

export interface ApiTokenView {
  id: number
  name: string
  prefix: string
  createdAt: string
  expiresAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export interface ApiTokenCreated extends ApiTokenView {
  /** The token itself, shown once: send it as "Authorization: Bearer <token>". */
  token: string
}

export type AuditOutcome = 'success' | 'failure' | 'denied'

export interface AuditEventView {
  seq: number
  occurredAt: string
  actor: string
  action: string
  target: string | null
  source: string | null
  outcome: AuditOutcome
  detail: Record<string, unknown>
  hash: string
}

export interface AuditEventPage {
  items: AuditEventView[]
  /** Pass as `before` to get the next (older) page; null at the end. */
  nextBefore: number | null
}

export interface AuditVerdictView {
  ok: boolean
  /** Records checked (from the oldest retained one). */
  checked: number
  /** seq of the oldest retained record (older ones were removed by the retention rule), or null if empty. */
  firstSeq: number | null
  /** The first record where the chain breaks, and why. */
  firstBad?: { seq: number; problem: 'tampered' | 'missing' | 'reordered' | 'broken_link'; message: string }
}
