import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/api/client'
import { zh } from '../../../shared/i18n/messages.zh'
import { en } from '../../../shared/i18n/messages.en'
import { PHONE_PROBLEMS } from '../../../../shared/validation/phone'
import { CASE_LIMITS } from '../../../../shared/cases/case-fields'
import {
  EMPTY_DRAFT,
  MAX_PHOTOS,
  draftProblems,
  initialPoint,
  newIdempotencyKey,
  photoFileProblem,
  problemShown,
  problemText,
  reportBody,
  serverProblems,
  uploadProblem,
  type ReportDraft,
} from './report-form'

const lookup = (dict: Record<string, string>) => (key: string, params?: Record<string, string | number>) => {
  const m = dict[key]
  return m === undefined ? undefined : m.replace(/\{(\w+)\}/g, (all, name: string) => (params && name in params ? String(params[name]) : all))
}
const DICTS = { zh: lookup(zh), en: lookup(en) }

const good: ReportDraft = { ...EMPTY_DRAFT, group: 'environment', category: 'environment.garbage', description: '南关街口有一堆暴露垃圾', location: { lon: 101.78, lat: 36.62 } }
const fields = (d: ReportDraft) => draftProblems(d).map((p) => `${p.field}:${p.problem}`)

describe('the report draft', () => {
  it('is complete with a category, a description and a point or an address', () => {
    expect(draftProblems(good)).toEqual([])
    expect(draftProblems({ ...good, location: undefined, address: '南关街 12 号' })).toEqual([])
  })

  it('names what is missing: category, description, and where (a point or an address)', () => {
    expect(fields(EMPTY_DRAFT)).toEqual(['category:required', 'description:required', 'location:required'])
    expect(fields({ ...good, description: '   ' })).toEqual(['description:required'])
  })

  it('checks text lengths in characters, as the server does', () => {
    expect(fields({ ...good, description: '垃'.repeat(CASE_LIMITS.description) })).toEqual([])
    expect(fields({ ...good, description: '垃'.repeat(CASE_LIMITS.description + 1) })).toEqual(['description:too_long'])
    expect(fields({ ...good, address: 'a'.repeat(CASE_LIMITS.address + 1) })).toEqual(['address:too_long'])
    expect(fields({ ...good, contactName: '王'.repeat(CASE_LIMITS.contactName + 1) })).toEqual(['contactName:too_long'])
  })

  it('checks the phone with the shared parser, and not at all when anonymous', () => {
    expect(fields({ ...good, contactPhone: '12812345678' })).toEqual(['contactPhone:not_mobile'])
    expect(fields({ ...good, contactPhone: '1381234567' })).toEqual(['contactPhone:wrong_length'])
    expect(fields({ ...good, contactPhone: '１３８１２３４５６７８' })).toEqual(['contactPhone:full_width'])
    expect(fields({ ...good, contactPhone: '138 1234 5678' })).toEqual([])
    expect(fields({ ...good, contactPhone: '0971-1234567' })).toEqual([])
    expect(fields({ ...good, anonymous: true, contactPhone: '12812345678', contactName: '王'.repeat(99) })).toEqual([])
  })

  it('refuses more than three photos', () => {
    expect(fields({ ...good, photos: ['a', 'b', 'c'] })).toEqual([])
    expect(fields({ ...good, photos: ['a', 'b', 'c', 'd'] })).toEqual(['photos:too_many'])
  })
})

describe('the body sent', () => {
  it('trims, leaves blanks out, and sends a contact only when not anonymous', () => {
    expect(reportBody({ ...good, address: '  ', contactName: ' 王建国 ', contactPhone: '13812345678', photos: ['p1'] })).toEqual({
      category: 'environment.garbage',
      description: '南关街口有一堆暴露垃圾',
      location: { lon: 101.78, lat: 36.62 },
      photos: ['p1'],
      anonymous: false,
      contactName: '王建国',
      contactPhone: '13812345678',
    })
    expect(reportBody({ ...good, location: undefined, address: ' 南关街 12 号 ', anonymous: true, contactName: '王建国', contactPhone: '13812345678' })).toEqual({
      category: 'environment.garbage',
      description: '南关街口有一堆暴露垃圾',
      address: '南关街 12 号',
      anonymous: true,
    })
  })
})

describe('problems as the resident types', () => {
  it('shows a field\'s problems once touched', () => {
    expect(problemShown('description', 'required', '', { touched: false, focused: false })).toBe(false)
    expect(problemShown('description', 'required', '', { touched: true, focused: true })).toBe(true)
  })

  it('does not complain about the length of a phone number still being typed', () => {
    expect(problemShown('contactPhone', 'wrong_length', '138123', { touched: true, focused: true })).toBe(false)
    expect(problemShown('contactPhone', 'wrong_length', '138123', { touched: true, focused: false })).toBe(true)
    expect(problemShown('contactPhone', 'wrong_length', '138123456789', { touched: true, focused: true })).toBe(true)
    expect(problemShown('contactPhone', 'not_mobile', '128', { touched: true, focused: true })).toBe(true)
  })
})

describe('the server\'s problems', () => {
  it('go under the fields their pointers name; the rest stay for the alert', () => {
    const error = new ApiError(400, 'validation_failed', 'bad', [
      { field: '/location', problem: 'outside_city', message: 'outside' },
      { field: '/category', problem: 'unknown_category', message: 'unknown' },
      { field: 'Idempotency-Key', problem: 'malformed', message: 'malformed' },
    ])
    const { fields: f, other } = serverProblems(error)
    expect(f).toEqual([
      { field: 'location', problem: 'outside_city' },
      { field: 'category', problem: 'unknown_category' },
    ])
    expect(other.map((d) => d.problem)).toEqual(['malformed'])
    expect(serverProblems(new Error('x'))).toEqual({ fields: [], other: [] })
  })

  it('name an upload\'s refusal by its problem', () => {
    expect(uploadProblem(new ApiError(422, 'photo_rejected', 'x', [{ field: 'file', problem: 'damaged', message: 'damaged' }]))).toBe('damaged')
    expect(uploadProblem(new ApiError(0, 'network_error', 'offline'))).toBe('network_error')
    expect(uploadProblem(new ApiError(429, 'rate_limited', 'slow down'))).toBe('rate_limited')
    expect(uploadProblem(new Error('?'))).toBe('upload_failed')
  })
})

describe.each(Object.entries(DICTS))('problem texts in %s', (_, tryT) => {
  const specific = (key: string) => tryT(key) !== undefined
  it('has a text for every problem the form, the phone parser, the server and the photo check can give', () => {
    const cases: [Parameters<typeof problemText>[1], readonly string[]][] = [
      ['category', ['required', 'unknown_category']],
      ['description', ['required', 'too_long', 'control_character', 'bidi_control']],
      ['address', ['too_long', 'control_character', 'bidi_control']],
      ['contactName', ['too_long', 'control_character', 'bidi_control']],
      ['contactPhone', PHONE_PROBLEMS],
      ['location', ['required', 'outside_city']],
      ['photos', ['too_many']],
      ['photo', ['empty', 'too_large', 'unsupported_type', 'not_an_image', 'damaged', 'too_many_pixels', 'network_error', 'rate_limited', 'upload_failed']],
      ['rating', ['too_long', 'control_character', 'bidi_control']],
    ]
    for (const [field, problems] of cases) {
      for (const p of problems) {
        expect(specific(`public.problem.${field}.${p}`) || specific(`public.problem.${p}`), `${field} ${p}`).toBe(true)
        const text = problemText(tryT, field, p)
        expect(text, `${field} ${p}`).not.toMatch(/\{\w+\}/)
      }
    }
    expect(problemText(tryT, 'description', 'too_long')).toContain(String(CASE_LIMITS.description))
    expect(problemText(tryT, 'rating', 'too_long')).toContain(String(CASE_LIMITS.ratingComment))
    expect(problemText(tryT, 'photos', 'too_many')).toContain(String(MAX_PHOTOS))
  })

  it('falls back to a general text for a problem it does not know', () => {
    expect(problemText(tryT, 'address', 'something_new')).toBe(tryT('public.problem.invalid'))
  })
})

describe('the first point from the address', () => {
  it('takes ?lon=&lat= when both are numbers on the globe', () => {
    expect(initialPoint(new URLSearchParams('lon=101.7812345678&lat=36.62'))).toEqual({ lon: 101.7812346, lat: 36.62 })
    expect(initialPoint(new URLSearchParams('lon=101.78'))).toBeUndefined()
    expect(initialPoint(new URLSearchParams('lon=abc&lat=36'))).toBeUndefined()
    expect(initialPoint(new URLSearchParams('lon=200&lat=36'))).toBeUndefined()
    expect(initialPoint(new URLSearchParams(''))).toBeUndefined()
  })
})

describe('photos before upload', () => {
  it('are JPEG, PNG or WebP of at most 10 MB, and not empty', () => {
    expect(photoFileProblem({ type: 'image/jpeg', size: 1000 })).toBeUndefined()
    expect(photoFileProblem({ type: 'image/heic', size: 1000 })).toBe('unsupported_type')
    expect(photoFileProblem({ type: 'image/png', size: 10 * 1024 * 1024 + 1 })).toBe('too_large')
    expect(photoFileProblem({ type: 'image/png', size: 0 })).toBe('empty')
  })
})

describe('the Idempotency-Key', () => {
  it('is a version 4 UUID the server accepts, new each time', () => {
    const a = newIdempotencyKey()
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a).toMatch(/^[A-Za-z0-9._:-]{8,100}$/)
    expect(newIdempotencyKey()).not.toBe(a)
    expect(newIdempotencyKey((b) => b.fill(255))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
  })
})
