import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { zh } from '../../../shared/i18n/messages.zh'
import { en } from '../../../shared/i18n/messages.en'
import { PROBLEM_CODES } from '../../../../server/features/registry/sheets/sheet-reader'
import { PERSON_COLUMNS } from '../../../../server/features/registry/sheets/header-map'
import { ID_NUMBER_PROBLEMS } from '../../../../shared/validation/id-number'
import { PHONE_PROBLEMS } from '../../../../shared/validation/phone'
import { PERSON_NAME_PROBLEMS } from '../../../../shared/validation/person-name'
import { validatePersonFields } from '../../../../shared/registry/person-fields'
import type { ImportJob } from '../import-types'
import {
  applyChoices,
  cellOf,
  exportFilters,
  fileProblemText,
  firstRowOf,
  importFieldLabel,
  importPollInterval,
  importProblemText,
  listPollInterval,
  phaseOf,
  problemCodeText,
  progressPercent,
  retryMode,
  shownFileProblems,
  sortedCounts,
  UNREADABLE_FILE,
} from './import-report'
import { importPaths, jobIdFrom } from './import-paths'
import { PERSON_FIELD_KIND, type TryT } from './problems'

const lookup =
  (dict: Record<string, string>): TryT =>
  (key, params) => {
    const m = dict[key]
    return m === undefined ? undefined : m.replace(/\{(\w+)\}/g, (all, name: string) => (params && name in params ? String(params[name]) : all))
  }
const DICTS = { zh: lookup(zh), en: lookup(en) }

const ROOT = path.resolve(import.meta.dirname, '../../../..')
const source = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8')
const matches = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m.slice(1))

/** (field, code) of every row problem the importer gives (people-import.ts: add(field, code, …) and { field, problem }). */
const importerProblems = (() => {
  const text = source('server/features/registry/people-import.ts')
  const pairs = matches(text, /\badd\('(\w+)', '(\w+)'/g).map(([field, code]) => ({ field: field!, problem: code! }))
  for (const [field, code] of matches(text, /field: '(\w+)', problem: '(\w+)'/g)) pairs.push({ field: field!, problem: code! })
  return pairs
})()
/** Codes of the header mapping (missing_column, duplicate_column, unknown_column). */
const headerCodes = matches(source('server/features/registry/sheets/header-map.ts'), /code: '(\w+)'/g).map(([c]) => c!)
/** Problems the apply and upload routes put into an error's details. */
const serviceCodes = matches(source('server/features/registry/import.service.ts'), /problem: '(\w+)'/g).map(([c]) => c!)
const sheetCodes = Object.keys(PROBLEM_CODES)

/** Every problem validatePersonFields gives, per field, as the importer passes them on. */
const personFieldProblems = (() => {
  const out: { field: string; problem: string }[] = []
  const kinds: Record<string, readonly string[]> = {
    idNumber: ID_NUMBER_PROBLEMS.map((p) => (p === 'empty' ? 'required' : p)),
    phone: PHONE_PROBLEMS,
    name: PERSON_NAME_PROBLEMS.map((p) => (p === 'empty' ? 'required' : p)),
    ethnicity: ['required', 'not_a_code'],
  }
  for (const [field, kind] of Object.entries(PERSON_FIELD_KIND)) {
    const own = kind === 'text' || kind === 'code' ? [] : kinds[kind]!
    for (const problem of [...own, 'required', 'not_a_code', 'control_character', 'too_long']) out.push({ field, problem })
  }
  return out
})()

const noPlaceholder = /\{\w+\}/

describe.each(Object.entries(DICTS))('import problem texts in %s', (_, tryT) => {
  it('found the codes in the server sources', () => {
    expect(importerProblems.length).toBeGreaterThan(10)
    expect(importerProblems).toContainEqual({ field: 'gridCode', problem: 'unknown_grid' })
    expect(importerProblems).toContainEqual({ field: 'idNumber', problem: 'already_registered' })
    expect(headerCodes).toEqual(expect.arrayContaining(['missing_column', 'unknown_column', 'duplicate_column']))
    expect(serviceCodes).toEqual(expect.arrayContaining(['has_invalid_rows', 'no_valid_rows']))
  })

  it('has a text for every problem of the importer, with its field and on its own', () => {
    for (const p of importerProblems) {
      const text = importProblemText(tryT, { ...p, message: 'the same ID number as row 3' })
      expect(text, `${p.field} ${p.problem}`).toBeTruthy()
      expect(text, `${p.field} ${p.problem}`).not.toMatch(noPlaceholder)
      expect(problemCodeText(tryT, p.problem), p.problem).not.toBe(p.problem)
    }
  })

  it('has a text for every problem of the sheet reader and the header mapping, as a file problem and as a cell problem', () => {
    for (const code of [...sheetCodes, ...headerCodes]) {
      const text = fileProblemText(tryT, { code, message: 'x', column: '公民身份号码', row: 3, cell: 'B3' })
      expect(text, code).toBeTruthy()
      expect(text, code).not.toMatch(noPlaceholder)
      const cell = importProblemText(tryT, { problem: code, field: 'idNumber', message: 'B3 x' })
      expect(cell, code).toBeTruthy()
      expect(cell, code).not.toMatch(noPlaceholder)
      expect(importProblemText(tryT, { problem: code }), code).toBeTruthy()
    }
    expect(fileProblemText(tryT, { code: 'missing_column', message: 'x', column: '公民身份号码' })).toContain('公民身份号码')
  })

  it('has a text for every problem of the person fields, the same as the form where the form has one', () => {
    for (const p of personFieldProblems) {
      const text = importProblemText(tryT, p)
      expect(text, `${p.field} ${p.problem}`).toBeTruthy()
      expect(text, `${p.field} ${p.problem}`).not.toMatch(noPlaceholder)
    }
    expect(importProblemText(tryT, { field: 'idNumber', problem: 'bad_check_digit' })).toBe(tryT('registry.problem.idNumber.bad_check_digit'))
    expect(importProblemText(tryT, { field: 'address', problem: 'too_long' })).toContain('200')
    // Everything an empty row gets.
    const r = validatePersonFields({ name: '', idNumber: '', ethnicity: '', residenceCategory: '', address: '' })
    if (r.ok) throw new Error('an empty row must not pass')
    for (const p of r.problems) expect(importProblemText(tryT, p), `${p.field} ${p.problem}`).toBeTruthy()
  })

  it('has a text for the problems of applying and uploading', () => {
    for (const code of serviceCodes) expect(tryT(`problem.${code}`), code).toBeTruthy()
  })

  it('names every column of a people sheet', () => {
    for (const c of PERSON_COLUMNS) expect(importFieldLabel(tryT, c.key), c.key).not.toBe(c.key)
  })

  it('names every status and phase', () => {
    for (const s of ['validating', 'validated', 'rejected', 'applying', 'done', 'failed', 'interrupted']) expect(tryT(`registry.import.status.${s}`), s).toBeTruthy()
    for (const p of ['reading', 'checking', 'writing', 'finishing']) expect(tryT(`registry.import.phase.${p}`, { done: 1, total: 2 }), p).not.toMatch(noPlaceholder)
  })
})

describe('import problem texts', () => {
  it('name the first row of a number that is in the file twice', () => {
    expect(importProblemText(DICTS.zh, { field: 'idNumber', problem: 'duplicate_in_file', message: 'idNumber the same ID number as row 12' })).toBe('与第 12 行的身份证号重复')
    expect(importProblemText(DICTS.en, { field: 'idNumber', problem: 'duplicate_in_file', message: 'something else' })).toBe(en['registry.import.duplicateInFileEarlier'])
    expect(firstRowOf('the same ID number as row 7')).toBe(7)
    expect(firstRowOf('no number')).toBeUndefined()
  })

  it('say a sheet column differently than the form where it matters', () => {
    expect(importProblemText(DICTS.zh, { field: 'sex', problem: 'not_a_code' })).toBe('应为“男”或“女”')
    expect(importProblemText(DICTS.zh, { field: 'gridCode', problem: 'unknown_grid' })).toBe(zh['registry.import.problem.unknown_grid'])
    // The same code means different things for different fields.
    expect(importProblemText(DICTS.zh, { field: 'phone', problem: 'wrong_length' })).not.toBe(importProblemText(DICTS.zh, { field: 'idNumber', problem: 'wrong_length' }))
    expect(problemCodeText(DICTS.zh, 'wrong_length', [{ row: 2, field: 'phone', problem: 'wrong_length', message: '' }])).toBe(zh['registry.problem.phone.wrong_length'])
    expect(problemCodeText(DICTS.zh, 'never_heard_of')).toBe('never_heard_of')
  })

  it('find the cell a cell problem names', () => {
    expect(cellOf('C12 The cell C12 holds a formula')).toBe('C12')
    expect(cellOf('idNumber is not valid')).toBeUndefined()
  })
})

const job = (over: Partial<ImportJob>): ImportJob => ({
  id: 1,
  kind: 'people',
  status: 'validated',
  filename: 'a.csv',
  scopeCode: '630103001003',
  createdBy: 'x',
  createdAt: '2026-01-01T00:00:00Z',
  finishedAt: null,
  mode: null,
  rowsTotal: 6,
  rowsValid: 4,
  rowsInvalid: 2,
  rowsWritten: null,
  progress: null,
  columns: [],
  fileProblems: [],
  problemCounts: {},
  problems: [],
  error: null,
  ...over,
})

describe('the import job', () => {
  it('is polled about every second while the server works on it, and not otherwise', () => {
    expect(importPollInterval(job({ status: 'validating' }))).toBe(1000)
    expect(importPollInterval(job({ status: 'applying' }))).toBe(1000)
    for (const status of ['validated', 'rejected', 'done', 'failed', 'interrupted'] as const) expect(importPollInterval(job({ status }))).toBe(false)
    expect(importPollInterval(undefined)).toBe(false)
    expect(listPollInterval([job({ status: 'done' }), job({ status: 'applying' })])).toBe(3000)
    expect(listPollInterval([job({ status: 'done' })])).toBe(false)
    expect(listPollInterval(undefined)).toBe(false)
  })

  it('shows its phase and progress', () => {
    expect(phaseOf(job({ status: 'validating', progress: null }))).toBe('reading')
    expect(phaseOf(job({ status: 'applying', progress: null }))).toBe('writing')
    expect(phaseOf(job({ status: 'validating', progress: { phase: 'checking', done: 5, total: 10 } }))).toBe('checking')
    expect(progressPercent({ phase: 'checking', done: 5, total: 10 })).toBe(50)
    expect(progressPercent({ phase: 'checking', done: 1, total: 3 })).toBe(33)
    expect(progressPercent({ phase: 'reading', done: 0, total: 0 })).toBe(0)
    expect(progressPercent({ phase: 'finishing', done: 0, total: 0 })).toBe(100)
    expect(progressPercent({ phase: 'writing', done: 12, total: 10 })).toBe(100)
    expect(progressPercent(null)).toBe(0)
  })

  it('offers "import all" only when every row is valid, and "only the valid rows" when some are not', () => {
    expect(applyChoices(job({}))).toEqual({ all: false, allBlocked: 'invalid_rows', validOnly: true, valid: 4, invalid: 2 })
    expect(applyChoices(job({ rowsValid: 6, rowsInvalid: 0 }))).toEqual({ all: true, allBlocked: undefined, validOnly: false, valid: 6, invalid: 0 })
    expect(applyChoices(job({ rowsValid: 0, rowsInvalid: 6 }))).toMatchObject({ all: false, allBlocked: 'invalid_rows', validOnly: false })
    expect(applyChoices(job({ rowsTotal: 0, rowsValid: 0, rowsInvalid: 0 }))).toMatchObject({ all: false, allBlocked: 'no_valid_rows', validOnly: false })
    expect(applyChoices(job({ status: 'applying' }))).toMatchObject({ all: false, allBlocked: 'status', validOnly: false })
    expect(applyChoices(job({ status: 'failed' }))).toMatchObject({ validOnly: true })
  })

  it('is tried again with the mode that failed, when that mode is still possible', () => {
    expect(retryMode(job({ mode: 'all', rowsInvalid: 0 }))).toBe('all')
    expect(retryMode(job({ mode: 'all', rowsInvalid: 2 }))).toBe('valid_only')
    expect(retryMode(job({ mode: 'valid_only' }))).toBe('valid_only')
    expect(retryMode(job({ mode: null }))).toBe('valid_only')
  })

  it('does not call the columns of an unreadable file missing', () => {
    const missing = { code: 'missing_column', message: 'x', column: '公民身份号码' }
    expect(shownFileProblems([{ code: 'not_a_spreadsheet', message: 'x' }, missing]).map((p) => p.code)).toEqual(['not_a_spreadsheet'])
    expect(shownFileProblems([missing, { code: 'unknown_column', message: 'x', level: 'warning' }]).map((p) => p.code)).toEqual(['missing_column', 'unknown_column'])
    // Every "unreadable" code is one the reader gives.
    for (const code of UNREADABLE_FILE) expect(sheetCodes).toContain(code)
  })

  it('lists the problem counts most frequent first', () => {
    expect(sortedCounts({ b: 1, a: 1, c: 5 })).toEqual([
      { code: 'c', count: 5 },
      { code: 'a', count: 1 },
      { code: 'b', count: 1 },
    ])
  })

  it('is reopened by its ?job= link', () => {
    expect(importPaths.job(42)).toBe('/registry/import?job=42')
    expect(jobIdFrom('42')).toBe(42)
    for (const bad of [null, '', '0', '-1', '1.5', 'abc', '99999999999999999']) expect(jobIdFrom(bad), String(bad)).toBeUndefined()
  })
})

describe('the export', () => {
  it('sends the search\'s filters without anything empty', () => {
    expect(exportFilters({ q: '马', areaCode: '630103001003', list: undefined, status: 'any' })).toEqual({ q: '马', areaCode: '630103001003', status: 'any' })
    expect(exportFilters({ q: '  ' })).toEqual({})
    expect(exportFilters({ cursor: 'abc', limit: '50' } as never)).toEqual({})
  })
})
