import { describe, expect, it } from 'vitest'
import { zh } from '../../../shared/i18n/messages.zh'
import { en } from '../../../shared/i18n/messages.en'
import { ID_NUMBER_PROBLEMS, makeIdNumber } from '../../../../shared/validation/id-number'
import { PHONE_PROBLEMS } from '../../../../shared/validation/phone'
import { PERSON_NAME_PROBLEMS } from '../../../../shared/validation/person-name'
import { LIST_DEFINITIONS, validateListFields, type ListFieldProblem } from '../../../../shared/registry/lists'
import { validatePersonFields } from '../../../../shared/registry/person-fields'
import { listProblemText, personProblemText, personProblemsText, serverProblemText, type TryT } from './problems'

/** A lookup over one dictionary, interpolating like the app's I18n. */
const lookup =
  (dict: Record<string, string>): TryT =>
  (key, params) => {
    const m = dict[key]
    return m === undefined ? undefined : m.replace(/\{(\w+)\}/g, (all, name: string) => (params && name in params ? String(params[name]) : all))
  }
const DICTS = { zh: lookup(zh), en: lookup(en) }

const ETHNICITY_PROBLEMS = ['empty', 'unknown_ethnicity'] as const
/** Codes validatePersonFields itself gives (besides the validators' own). */
const PERSON_FIELD_PROBLEMS = ['required', 'not_a_code', 'control_character', 'too_long'] as const
const LIST_PROBLEMS: ListFieldProblem['code'][] = ['required', 'unknown_field', 'wrong_type', 'too_long', 'out_of_range', 'not_an_option', 'bad_date', 'bad_phone', 'bad_range']

describe.each(Object.entries(DICTS))('problem texts in %s', (_, tryT) => {
  it('has a text of its own for every problem of the ID number, phone, name and ethnicity validators', () => {
    const cases: [string, readonly string[]][] = [
      ['idNumber', ID_NUMBER_PROBLEMS],
      ['phone', PHONE_PROBLEMS],
      ['name', PERSON_NAME_PROBLEMS],
      ['formerName', PERSON_NAME_PROBLEMS],
      ['ethnicity', [...ETHNICITY_PROBLEMS, 'not_a_code']],
    ]
    for (const [field, problems] of cases) {
      const kind = field === 'formerName' ? 'name' : field
      for (const p of problems) {
        const text = personProblemText(tryT, field, p)
        expect(text, `${field} ${p}`).toBeTruthy()
        expect(text, `${field} ${p}`).toBe(tryT(`registry.problem.${kind}.${p}`, { max: 50, length: 0 }))
        expect(text, `${field} ${p}`).not.toMatch(/\{\w+\}/)
      }
    }
  })

  it('has a text for every problem validatePersonFields adds, for every field', () => {
    for (const field of ['name', 'idNumber', 'phone', 'ethnicity', 'residenceCategory', 'address', 'registeredAddress', 'politicalStatus', 'education', 'maritalStatus', 'religion', 'workplace', 'relation']) {
      for (const p of PERSON_FIELD_PROBLEMS) {
        const text = personProblemText(tryT, field, p)
        expect(text, `${field} ${p}`).toBeTruthy()
        expect(text, `${field} ${p}`).not.toMatch(/\{\w+\}/)
      }
    }
  })

  it('translates every problem the shared validator finds in bad input', () => {
    const bad = {
      name: '张\u202e三1',
      formerName: '·李四·',
      idNumber: '６３０１０３１９９００２３０００２X',
      phone: '+１ 139 1234',
      ethnicity: '火星族',
      residenceCategory: '游客',
      address: '长'.repeat(201),
      registeredAddress: 'a\u200bb',
      politicalStatus: '无',
      education: '幼儿园',
      maritalStatus: '?',
      religion: '很长'.repeat(20),
      workplace: '\u0007',
      relation: '朋友',
    }
    const r = validatePersonFields(bad)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(new Set(r.problems.map((p) => p.field)).size).toBe(Object.keys(bad).length)
    for (const p of r.problems) expect(personProblemText(tryT, p.field, p.problem), `${p.field} ${p.problem}`).toBeTruthy()
    const empty = validatePersonFields({})
    if (empty.ok) throw new Error('an empty record must not pass')
    for (const p of empty.problems) expect(personProblemText(tryT, p.field, p.problem), `${p.field} ${p.problem}`).toBeTruthy()
  })

  it('fills in limits and lengths', () => {
    expect(personProblemText(tryT, 'address', 'too_long')).toContain('200')
    expect(personProblemText(tryT, 'religion', 'too_long')).toContain('20')
    expect(personProblemText(tryT, 'idNumber', 'wrong_length', ' 6301031990 ')).toContain('10')
  })

  it('has a text for every list-field problem, with the field\'s limits', () => {
    for (const code of LIST_PROBLEMS) expect(tryT(`registry.listProblem.${code}`), code).toBeTruthy()
    const grade = LIST_DEFINITIONS.disabled.fields.find((f) => f.key === 'grade')!
    const r = validateListFields('disabled', { category: 'visual', grade: 9 })
    if (r.ok) throw new Error('grade 9 must not pass')
    const text = listProblemText(tryT, r.problems[0]!, grade)
    expect(text).toContain('1')
    expect(text).toContain('4')
  })
})

describe('problem texts', () => {
  it('are specific to the kind of field: bad characters of an ID number are not those of a name', () => {
    const t = DICTS.zh
    expect(personProblemText(t, 'idNumber', 'bad_characters')).not.toBe(personProblemText(t, 'name', 'bad_characters'))
    expect(personProblemText(t, 'phone', 'wrong_length')).not.toBe(personProblemText(t, 'idNumber', 'wrong_length'))
  })

  it('join several problems of one field', () => {
    const r = validatePersonFields({ idNumber: '１２３' }, { partial: true })
    if (r.ok) throw new Error('must fail')
    const text = personProblemsText(DICTS.zh, r.problems, '１２３')
    expect(text).toContain('全角')
    expect(text).toContain('；')
    expect(text).toContain('现有 3 位')
  })

  it('describe the server\'s details, falling back to its message', () => {
    const t = DICTS.en
    expect(serverProblemText(t, { field: '/idNumber', problem: 'duplicate_id_number', message: 'is already registered' })).toContain('already registered')
    expect(serverProblemText(t, { field: '/gridCode', problem: 'not_found', message: 'grid 1 does not exist' })).toBe(en['problem.not_found'])
    expect(serverProblemText(t, { field: '/address', problem: 'no_grid', message: 'x' })).toBe(en['registry.problem.no_grid'])
    expect(serverProblemText(t, { field: '/fields/emergencyPhone', problem: 'bad_phone', message: 'x' }, LIST_DEFINITIONS.elderly_alone.fields)).toBe(en['registry.listProblem.bad_phone'])
    expect(serverProblemText(t, { field: '/weird', problem: 'never_heard_of', message: 'the server says so' })).toBe('the server says so')
    // An ID number that belongs to nobody yet, with a wrong check character.
    const id = makeIdNumber('630103', '1990-02-28', 12)
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
    const r = validatePersonFields({ idNumber: wrong }, { partial: true })
    if (r.ok) throw new Error('must fail')
    expect(serverProblemText(DICTS.zh, { field: '/idNumber', problem: r.problems[0]!.problem, message: r.problems[0]!.message })).toBe(zh['registry.problem.idNumber.bad_check_digit'])
  })
})
