import { describe, expect, it } from 'vitest'
import { CASE_LIMITS } from '../../../../shared/cases/case-fields'
import { reportBody, reportFieldOf, reportProblems, type ReportValues } from './report-form'

const photo = (name: string, status: 'done' | 'uploading' | 'error' = 'done') => ({ uid: name, status, response: status === 'done' ? { name, url: `/u/${name}`, thumbUrl: `/t/${name}`, width: 1, height: 1 } : undefined })
const base: ReportValues = { category: ['environment', 'environment.garbage'], urgency: 'normal', description: '南关街口有一堆暴露垃圾', place: 'map', location: { lon: 101.78, lat: 36.62 } }
const codes = (v: ReportValues) => Object.fromEntries([...reportProblems(v)].map(([f, ps]) => [f, ps.map((p) => p.problem)]))

describe('report form checks', () => {
  it('accepts a complete report', () => {
    expect(codes(base)).toEqual({})
  })
  it('names what is missing: category, description, the place in the chosen way', () => {
    expect(codes({ place: 'map' })).toEqual({ category: ['required'], description: ['required'], location: ['required'] })
    expect(codes({ ...base, place: 'grid' })).toEqual({ gridCode: ['required'] })
    expect(codes({ ...base, place: 'grid', gridCode: '63010300100300' })).toEqual({ gridCode: ['pattern'] })
  })
  it('checks lengths and characters as the server does', () => {
    expect(codes({ ...base, title: 'x'.repeat(CASE_LIMITS.title + 1), description: 'a\u202Eb' })).toEqual({ title: ['too_long'], description: ['bidi_control'] })
  })
  it('waits for uploads and refuses to send with a refused photo left in the list', () => {
    expect(codes({ ...base, photos: [photo('a'), photo('b', 'uploading')] })).toEqual({ photos: ['uploading'] })
    expect(codes({ ...base, photos: [photo('a'), photo('b', 'error')] })).toEqual({ photos: ['photo_failed'] })
  })
  it('asks for the result of a case resolved on the spot', () => {
    expect(codes({ ...base, onSpot: true })).toEqual({ onSpotResult: ['required'] })
    expect(codes({ ...base, onSpot: true, onSpotResult: '已清理' })).toEqual({})
  })
})

describe('report body', () => {
  it('files under the subcategory, with the point and the uploaded photos', () => {
    expect(reportBody({ ...base, title: '  ', address: ' 南关街 12 号 ', photos: [photo('a'), photo('b')], gridCode: '630103001003001' })).toEqual({
      category: 'environment.garbage',
      urgency: 'normal',
      description: '南关街口有一堆暴露垃圾',
      location: { lon: 101.78, lat: 36.62 },
      address: '南关街 12 号',
      photos: ['a', 'b'],
    })
  })
  it('sends the grid code instead of a point, and the on-the-spot result', () => {
    const body = reportBody({ ...base, place: 'grid', gridCode: ' 630103001003001 ', onSpot: true, onSpotResult: ' 已劝离 ' })
    expect(body.location).toBeUndefined()
    expect(body.gridCode).toBe('630103001003001')
    expect(body.resolvedOnSpot).toEqual({ result: '已劝离' })
  })
})

describe('server problems under the fields', () => {
  it('maps pointers to the form fields', () => {
    expect(reportFieldOf('/resolvedOnSpot/result', 'map')).toBe('onSpotResult')
    expect(reportFieldOf('/photos/3', 'map')).toBe('photos')
    expect(reportFieldOf('/location', 'grid')).toBe('gridCode')
    expect(reportFieldOf('/gridCode', 'map')).toBe('location')
    expect(reportFieldOf('/description', 'map')).toBe('description')
    expect(reportFieldOf('/contactName', 'map')).toBeUndefined()
    expect(reportFieldOf(undefined, 'map')).toBeUndefined()
  })
})
