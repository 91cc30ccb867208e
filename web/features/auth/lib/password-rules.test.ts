import { describe, expect, it } from 'vitest'
import type { PasswordPolicyView } from '../../../../shared/api-types'
import { en } from '../../../shared/i18n/messages.en'
import { zh } from '../../../shared/i18n/messages.zh'
import { characterClasses, PASSWORD_PROBLEMS, passwordProblemText, passwordRules } from './password-rules'

const mlps: PasswordPolicyView = { profile: 'mlps', minLength: 8, maxLength: 128, minClasses: 3, maxAgeDays: 90, historySize: 5, rejectCommon: true, rejectContext: true }
const nist: PasswordPolicyView = { profile: 'nist', minLength: 12, maxLength: 128, minClasses: 0, maxAgeDays: 0, historySize: 0, rejectCommon: true, rejectContext: true }

describe('passwordRules', () => {
  it('lists what the policy asks for', () => {
    expect(passwordRules(mlps).map((r) => r.key)).toEqual([
      'password.rule.length',
      'password.rule.classes',
      'password.rule.common',
      'password.rule.context',
      'password.rule.history',
      'password.rule.maxAge',
    ])
    expect(passwordRules(nist).map((r) => r.key)).toEqual(['password.rule.length', 'password.rule.common', 'password.rule.context'])
  })
  it('checks length and classes as the user types', () => {
    expect(passwordRules(mlps, '').map((r) => r.met)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined])
    const [length, classes] = passwordRules(mlps, 'abcdefg1')
    expect(length?.met).toBe(true)
    expect(classes?.met).toBe(false)
    expect(passwordRules(mlps, 'Abcdefg1')[1]?.met).toBe(true)
    expect(passwordRules(nist, 'Abcdefg1')[0]?.met).toBe(false)
  })
  it('counts character classes', () => {
    expect(characterClasses('abc')).toBe(1)
    expect(characterClasses('aB3!')).toBe(4)
    expect(characterClasses('网格员2026')).toBe(2)
  })
})

describe('password problems', () => {
  it('has a text for every problem code in both languages', () => {
    for (const p of PASSWORD_PROBLEMS) {
      const { key } = passwordProblemText(p, mlps)
      expect(key in zh, key).toBe(true)
      expect(key in en, key).toBe(true)
    }
  })
})
