import { describe, expect, it } from 'vitest'
import { groupSecret, isCompleteOtp, normalizeOtp, svgDataUrl } from './otp'

describe('one-time codes', () => {
  it('keeps six digits of what was typed or pasted', () => {
    expect(normalizeOtp('123 456')).toBe('123456')
    expect(normalizeOtp('12-34-56-78')).toBe('123456')
    expect(normalizeOtp('abc')).toBe('')
    expect(isCompleteOtp('123456')).toBe(true)
    expect(isCompleteOtp('12345')).toBe(false)
  })
  it('groups the secret for typing', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP')
    expect(groupSecret('ABCDE')).toBe('ABCD E')
  })
})

describe('svgDataUrl', () => {
  it('encodes the SVG (UTF-8) as base64', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>前线</title></svg>'
    const url = svgDataUrl(svg)
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true)
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe(svg)
  })
})
