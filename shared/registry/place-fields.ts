// The one check of the fields of an organization (组织), a facility (部件) and a resident's concern
// (社情民意): the web form runs it as the user types, the API on every write, the import on every row.
// Like person-fields.ts it never throws; it returns the cleaned values or every problem, each with its
// field (the input's camelCase name) and a stable snake_case code (messages in English; the web app
// translates the codes). Code-list fields accept a code, its Chinese or English label, or an alias.
import { parseCreditCode, type CreditCodeProblem } from '../validation/credit-code.ts'
import { parsePhone } from '../validation/phone.ts'
import { parsePersonName } from '../validation/person-name.ts'
import { CONCERN_THEMES, FACILITY_CLASSES, FACILITY_KINDS, FACILITY_STATES, ORGANIZATION_KINDS, codeFromText, type CodeList } from './codes.ts'
import type { FieldProblem } from './person-fields.ts'

export type { FieldProblem } from './person-fields.ts'

export type OrganizationKindCode = (typeof ORGANIZATION_KINDS)[number]['code']
export type FacilityClassCode = (typeof FACILITY_CLASSES)[number]['code']
export type FacilityStateCode = (typeof FACILITY_STATES)[number]['code']
export type ConcernThemeCode = (typeof CONCERN_THEMES)[number]['code']

/** Kinds that must carry a unified social credit code (统一社会信用代码). */
export const CREDIT_CODE_REQUIRED_KINDS: readonly OrganizationKindCode[] = ['business', 'social']
/** Kinds that are key places (重点场所) unless said otherwise. */
export const KEY_PLACE_KINDS: readonly OrganizationKindCode[] = ['school', 'hazardous_chemical', 'key_site']

export const defaultKeyPlace = (kind: OrganizationKindCode): boolean => KEY_PLACE_KINDS.includes(kind)

/** A facility kind outside FACILITY_KINDS: a snake_case code (the database accepts ^[a-z_]{2,40}$). */
const OTHER_FACILITY_KIND = /^[a-z][a-z_]{1,39}$/
/** A facility's own code (部件编码). */
const FACILITY_CODE = /^[0-9A-Za-z-]{1,40}$/

export const ORGANIZATION_LIMITS = { name: 100, address: 200, maxEmployees: 1_000_000 } as const
export const FACILITY_LIMITS = { name: 100, dept: 100 } as const
export const CONCERN_LIMITS = { content: 2000 } as const

/** Control characters other than tab and line breaks, invisible characters (zero-width space, word joiner…) and the BOM. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u2028\u2029\u2060-\u2064\ufeff]/u
/** Bidi controls: marks, embeddings, overrides, isolates. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u
/**
 * Line breaks and tabs, and the zero-width (non-)joiners that emoji sequences and some scripts need:
 * allowed in long text (a concern's content, as residents type it), not in one-line fields.
 */
const MULTILINE_ONLY = /[\t\n\r\u200c\u200d]/u

export interface TextOptions {
  max: number
  /** Allows tabs, line breaks and zero-width joiners (long text). */
  multiline?: boolean
}

/** The problem of a text value, or undefined when it is acceptable (NFC-normalised and trimmed). */
export function textProblem(v: string, o: TextOptions): { problem: string; message: string } | undefined {
  if (BIDI.test(v)) return { problem: 'bidi_control', message: 'contains bidi control characters' }
  if (CONTROL.test(v) || (!o.multiline && MULTILINE_ONLY.test(v))) return { problem: 'control_character', message: 'contains control or zero-width characters' }
  if ([...v].length > o.max) return { problem: 'too_long', message: `is longer than ${o.max} characters` }
  return undefined
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')

/** The cleaned values (fields absent or refused are absent) and every problem (none when ok). */
export type FieldsResult<T> = { ok: true; value: T; problems: [] } | { ok: false; problems: FieldProblem[]; value: T }

/** Collects problems and reads the common kinds of field. */
class Checker<I extends object> {
  readonly problems: FieldProblem[] = []
  constructor(
    private readonly input: I,
    private readonly partial: boolean,
  ) {}

  /** Whether the field is to be checked (always in a whole record; when present in a partial one). */
  has(k: keyof I & string): boolean {
    return !this.partial || this.input[k] !== undefined
  }

  raw(k: keyof I & string): unknown {
    return this.input[k]
  }

  add(field: string, problem: string, message: string): void {
    this.problems.push({ field, problem, message: `${field} ${message}` })
  }

  /** Trimmed one-line or multi-line text; null when blank and optional. */
  text(k: keyof I & string, o: TextOptions & { required?: boolean }): string | null | undefined {
    if (!this.has(k)) return undefined
    const v = this.input[k]
    if (blank(v)) {
      if (o.required) this.add(k, 'required', 'is required')
      return null
    }
    if (typeof v !== 'string') {
      this.add(k, 'not_text', 'must be text')
      return undefined
    }
    const t = v.normalize('NFC').trim()
    const p = textProblem(t, o)
    if (p) {
      this.add(k, p.problem, p.message)
      return undefined
    }
    return t
  }

  /** A code of `list` (or its label or an alias). */
  code<C extends string>(k: keyof I & string, list: CodeList, o: { required?: boolean; other?: RegExp } = {}): C | null | undefined {
    if (!this.has(k)) return undefined
    const v = this.input[k]
    if (blank(v)) {
      if (o.required) this.add(k, 'required', 'is required')
      return null
    }
    const text = typeof v === 'string' ? v : ''
    const code = codeFromText(list, text)
    if (code) return code as C
    const t = text.normalize('NFKC').trim()
    if (o.other?.test(t)) return t as C
    this.add(k, 'not_a_code', `must be one of ${list.map((c) => `${c.code} (${c.zh})`).join(', ')}${o.other ? ', or another snake_case code' : ''}`)
    return undefined
  }

  /** A person's name (GB 11643 rules of person-name.ts). */
  name(k: keyof I & string, o: { required?: boolean } = {}): string | null | undefined {
    if (!this.has(k)) return undefined
    const v = this.input[k]
    if (blank(v)) {
      if (o.required) this.add(k, 'required', 'is required')
      return null
    }
    const r = parsePersonName(typeof v === 'string' ? v : '')
    if (r.ok) return r.value
    for (const p of r.problems) this.add(k, p, `is not a valid name (${p})`)
    return undefined
  }

  phone(k: keyof I & string): string | null | undefined {
    if (!this.has(k)) return undefined
    const v = this.input[k]
    if (blank(v)) return null
    const r = parsePhone(typeof v === 'string' ? v : '')
    if (r.ok) return r.value
    for (const p of r.problems) this.add(k, p, `is not a valid mobile or landline number (${p})`)
    return undefined
  }

  bool(k: keyof I & string): boolean | undefined {
    if (!this.has(k)) return undefined
    const v = this.input[k]
    if (v === undefined || v === null) return undefined
    if (typeof v === 'boolean') return v
    const t = typeof v === 'string' ? v.normalize('NFKC').trim().toLowerCase() : ''
    if (['true', 'yes', 'y', '1', '是', '√'].includes(t)) return true
    if (['false', 'no', 'n', '0', '否', '×'].includes(t)) return false
    this.add(k, 'not_a_boolean', 'must be yes or no')
    return undefined
  }

  integer(k: keyof I & string, min: number, max: number): number | null | undefined {
    if (!this.has(k)) return undefined
    const v = this.input[k]
    if (blank(v)) return null
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v.normalize('NFKC')) ? Number(v.normalize('NFKC')) : Number.NaN
    if (!Number.isSafeInteger(n)) {
      this.add(k, 'not_an_integer', 'must be a whole number')
      return undefined
    }
    if (n < min || n > max) {
      this.add(k, 'out_of_range', `must be between ${min} and ${max}`)
      return undefined
    }
    return n
  }

  result<T>(value: T): FieldsResult<T> {
    return this.problems.length > 0 ? { ok: false, problems: this.problems, value } : { ok: true, value, problems: [] }
  }
}

/** Drops the keys whose value is undefined (absent or refused). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

// --- organizations -----------------------------------------------------------------------------------------

/** What an organization's form, API body or spreadsheet row may carry (text as typed). */
export interface OrganizationFieldsInput {
  name?: string | null
  kind?: string | null
  creditCode?: string | null
  legalRep?: string | null
  address?: string | null
  employees?: number | string | null
  securityContact?: string | null
  phone?: string | null
  keyPlace?: boolean | string | null
}

export interface OrganizationFields {
  name?: string
  kind?: OrganizationKindCode
  /** 18 characters, upper-case. */
  creditCode?: string | null
  legalRep?: string | null
  address?: string
  employees?: number | null
  securityContact?: string | null
  /** 13812345678 or 0971-1234567. */
  phone?: string | null
  keyPlace?: boolean
}

const CREDIT_MESSAGES: Record<CreditCodeProblem, string> = {
  empty: 'is required',
  wrong_length: 'must have 18 characters',
  bad_characters: 'may hold only digits and the capital letters of GB 32100 (no I, O, S, V, Z); positions 3–8 are the region code',
  bad_org_check: 'has a wrong organisation-code check character (position 17, GB 11714)',
  bad_check_character: 'has a wrong check character (position 18, GB 32100)',
}

export interface OrganizationFieldsOptions {
  /** Only check the fields present (an update); default: a whole record (a create). */
  partial?: boolean
  /** The record as stored, for rules across fields in an update (credit code required by kind). */
  current?: { kind: OrganizationKindCode; creditCode: string | null }
  /** The address may be absent (the record is placed at a building, whose address it takes). */
  addressOptional?: boolean
}

export function validateOrganizationFields(input: OrganizationFieldsInput, options: OrganizationFieldsOptions = {}): FieldsResult<OrganizationFields> {
  const c = new Checker(input, options.partial ?? false)
  const name = c.text('name', { max: ORGANIZATION_LIMITS.name, required: true })
  const kind = c.code<OrganizationKindCode>('kind', ORGANIZATION_KINDS, { required: true })
  let creditCode: string | null | undefined
  if (c.has('creditCode')) {
    const raw = c.raw('creditCode')
    if (blank(raw)) creditCode = null
    else {
      const r = parseCreditCode(typeof raw === 'string' ? raw.normalize('NFC') : '')
      if (r.ok) creditCode = r.value
      else for (const p of r.problems) c.add('creditCode', p === 'empty' ? 'required' : p, CREDIT_MESSAGES[p])
    }
  }
  // Businesses and social organizations are registered with a credit code.
  const effectiveKind = kind ?? options.current?.kind
  const effectiveCode = creditCode !== undefined ? creditCode : c.has('creditCode') ? undefined : (options.current?.creditCode ?? null)
  if (effectiveKind && CREDIT_CODE_REQUIRED_KINDS.includes(effectiveKind) && effectiveCode === null && (c.has('creditCode') || kind)) {
    c.add('creditCode', 'required', `is required for kind ${effectiveKind}`)
  }
  const legalRep = c.name('legalRep')
  const address = c.text('address', { max: ORGANIZATION_LIMITS.address, required: !options.addressOptional })
  const employees = c.integer('employees', 0, ORGANIZATION_LIMITS.maxEmployees)
  const securityContact = c.name('securityContact')
  const phone = c.phone('phone')
  let keyPlace = c.bool('keyPlace')
  if (!options.partial && keyPlace === undefined && kind) keyPlace = defaultKeyPlace(kind)
  return c.result(
    defined({
      name: name ?? undefined,
      kind: kind ?? undefined,
      creditCode,
      legalRep,
      address: address ?? undefined,
      employees,
      securityContact,
      phone,
      keyPlace,
    }),
  )
}

// --- facilities (部件) ---------------------------------------------------------------------------------

export interface FacilityFieldsInput {
  class?: string | null
  kind?: string | null
  name?: string | null
  code?: string | null
  ownerDept?: string | null
  maintainerDept?: string | null
  state?: string | null
  hazard?: boolean | string | null
}

export interface FacilityFields {
  class?: FacilityClassCode
  /** A FACILITY_KINDS code or another snake_case code. */
  kind?: string
  name?: string
  code?: string | null
  ownerDept?: string | null
  maintainerDept?: string | null
  state?: FacilityStateCode
  hazard?: boolean
}

export function validateFacilityFields(input: FacilityFieldsInput, options: { partial?: boolean } = {}): FieldsResult<FacilityFields> {
  const c = new Checker(input, options.partial ?? false)
  const klass = c.code<FacilityClassCode>('class', FACILITY_CLASSES, { required: true })
  const kind = c.code<string>('kind', FACILITY_KINDS, { required: true, other: OTHER_FACILITY_KIND })
  const name = c.text('name', { max: FACILITY_LIMITS.name, required: true })
  let code: string | null | undefined
  if (c.has('code')) {
    const raw = c.raw('code')
    if (blank(raw)) code = null
    else {
      const t = typeof raw === 'string' ? raw.normalize('NFKC').trim() : ''
      if (FACILITY_CODE.test(t)) code = t
      else c.add('code', 'bad_format', 'may hold only 1–40 letters, digits and hyphens')
    }
  }
  const ownerDept = c.text('ownerDept', { max: FACILITY_LIMITS.dept })
  const maintainerDept = c.text('maintainerDept', { max: FACILITY_LIMITS.dept })
  let state = c.code<FacilityStateCode>('state', FACILITY_STATES)
  if (state === null) state = options.partial ? undefined : 'intact'
  let hazard = c.bool('hazard')
  if (hazard === undefined && !options.partial && !c.problems.some((p) => p.field === 'hazard')) hazard = false
  return c.result(
    defined({
      class: klass ?? undefined,
      kind: kind ?? undefined,
      name: name ?? undefined,
      code,
      ownerDept,
      maintainerDept,
      state: state ?? undefined,
      hazard,
    }),
  )
}

// --- residents' concerns (社情民意) ------------------------------------------------------------------

export interface ConcernFieldsInput {
  theme?: string | null
  content?: string | null
  residentName?: string | null
}

export interface ConcernFields {
  theme?: ConcernThemeCode
  content?: string
  residentName?: string | null
}

export function validateConcernFields(input: ConcernFieldsInput, options: { partial?: boolean } = {}): FieldsResult<ConcernFields> {
  const c = new Checker(input, options.partial ?? false)
  const theme = c.code<ConcernThemeCode>('theme', CONCERN_THEMES, { required: true })
  const content = c.text('content', { max: CONCERN_LIMITS.content, required: true, multiline: true })
  const residentName = c.name('residentName')
  return c.result(defined({ theme: theme ?? undefined, content: content ?? undefined, residentName }))
}
