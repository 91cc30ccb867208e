// Unique identifiers of the demo population: ID numbers (GB 11643), mobile and landline numbers,
// unified social credit codes (GB 32100). Uniqueness comes by construction (counters walked through
// a fixed permutation), not from a set of everything issued so far.
import { makeIdNumber } from '../../../../shared/validation/id-number.ts'
import { CREDIT_CODE_CHARSET, makeCreditCode } from '../../../../shared/validation/credit-code.ts'
import { hashString } from './rng.ts'

const DAY_MS = 86_400_000
const EPOCH_1900 = Date.UTC(1900, 0, 1)

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

/** 'YYYY-MM-DD' of a UTC instant (days from the civil calendar, H. Hinnant's algorithm: faster than Date). */
export function isoDate(ms: number): string {
  const z = Math.floor(ms / DAY_MS) + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return `${yoe + era * 400 + (m <= 2 ? 1 : 0)}-${pad2(m)}-${pad2(d)}`
}

/** A timestamptz literal of a UTC instant, to the second: '2024-05-06 07:08:09+00'. */
export function timestamp(ms: number): string {
  const s = Math.floor(ms / 1000) % 86_400
  const t = s < 0 ? s + 86_400 : s
  return `${isoDate(ms)} ${pad2(Math.floor(t / 3600))}:${pad2(Math.floor((t % 3600) / 60))}:${pad2(t % 60)}+00`
}

/**
 * Issues ID numbers: region + birth date + a sequence whose last digit is odd for men and even for
 * women. The k-th number of one (region, date, sex) gets sequence 2·((k·193 + h) mod 500) + sex bit,
 * h a hash of region and date, so sequences look scattered and never repeat. A 501st person of the
 * same region, date and sex (never met in practice) is born a day later.
 */
export class IdNumberIssuer {
  private readonly used = new Map<number, number>()

  /** Returns the number and the birth date it encodes (normally `birthMs` itself). */
  issue(region6: string, birthMs: number, sex: '1' | '2'): { id: string; birthMs: number } {
    for (let day = Math.floor((birthMs - EPOCH_1900) / DAY_MS); ; day++) {
      const key = (Number(region6) * 100_000 + day) * 2 + (sex === '1' ? 1 : 0)
      const k = this.used.get(key) ?? 0
      if (k >= 500) continue
      this.used.set(key, k + 1)
      const ms = EPOCH_1900 + day * DAY_MS
      const date = isoDate(ms)
      const h = hashString(region6 + date) % 500
      const sequence = 2 * ((k * 193 + h) % 500) + (sex === '1' ? 1 : 0)
      return { id: makeIdNumber(region6, date, sequence), birthMs: ms }
    }
  }
}

/** Mobile prefixes of the three carriers. */
const MOBILE_PREFIXES = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183', '184', '187', '188', '198',
  '130', '131', '132', '155', '156', '166', '176', '185', '186',
  '133', '153', '173', '177', '180', '181', '189', '199',
]

/**
 * Issues distinct mobile numbers: prefix + 8 digits, the digits a counter per prefix multiplied by
 * a number prime to 10⁸ (a permutation of 0…10⁸−1), so numbers look random and never repeat.
 */
export class PhoneIssuer {
  private readonly counters = new Map<string, number>()
  private landlines = 0

  constructor(private readonly salt: number) {}

  mobile(pick: number): string {
    const prefix = MOBILE_PREFIXES[Math.floor(pick * MOBILE_PREFIXES.length)]!
    const k = this.counters.get(prefix) ?? 0
    this.counters.set(prefix, k + 1)
    const digits = (k * 48_271 + 1_000_003 + (this.salt % 1_000_000) * 97) % 100_000_000
    return prefix + String(digits).padStart(8, '0')
  }

  /** A Xining landline, 0971- + 7 digits starting 4–8. */
  landline(): string {
    const k = this.landlines++
    const local = 4_000_000 + ((k * 7_919 + 123_457 + this.salt) % 5_000_000)
    return `0971-${local}`
  }
}

/**
 * Issues unified social credit codes: prefix (91 enterprise, 92 individual business, 51 social
 * organisation, 12 public institution…) + region + an organisation code from a global counter
 * (businesses 'MA' + 6 characters, others 8 digits), so all are distinct.
 */
export class CreditCodeIssuer {
  private n = 0
  private readonly salt: number

  constructor(salt: number) {
    this.salt = salt % 1_000_000
  }

  issue(prefix2: string, region6: string): string {
    const k = this.n++
    const salt = this.salt
    let body: string
    if (prefix2 === '91' || prefix2 === '92' || prefix2 === '93') {
      // 31^6 ≈ 887 million bodies after MA.
      let v = (k * 7_368_787 + 1 + salt) % 887_503_681
      let tail = ''
      for (let i = 0; i < 6; i++) {
        tail = CREDIT_CODE_CHARSET[v % 31]! + tail
        v = Math.floor(v / 31)
      }
      body = `MA${tail}`
    } else {
      body = String((k * 4_999_963 + 10_000_019 + salt) % 100_000_000).padStart(8, '0')
    }
    return makeCreditCode(prefix2, region6, body)
  }
}
