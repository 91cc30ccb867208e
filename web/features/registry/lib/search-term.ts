// What the one search box holds: a name (prefix), a complete ID number or mobile number (exact
// match on the server), or digits still being typed. The server reads `q` the same way; the page
// checks an ID number before asking, and waits for a number to be complete.
import { parseIdNumber, type IdNumberProblem } from '../../../../shared/validation/id-number'

export type SearchTerm =
  | { kind: 'empty' }
  | { kind: 'name'; q: string }
  | { kind: 'idNumber'; q: string }
  | { kind: 'phone'; q: string }
  /** An 18-character ID number that cannot be one: not sent. */
  | { kind: 'badIdNumber'; problems: IdNumberProblem[] }
  /** Digits (and spaces or hyphens) that are not yet a whole ID or mobile number: not sent. */
  | { kind: 'partialNumber'; digits: number }

export function readSearchTerm(text: string): SearchTerm {
  const q = text.normalize('NFKC').trim()
  if (q === '') return { kind: 'empty' }
  const compact = q.replace(/[\s-]/g, '')
  if (/^\d{17}[\dXx]$/.test(compact)) {
    const r = parseIdNumber(compact)
    return r.ok ? { kind: 'idNumber', q: r.value } : { kind: 'badIdNumber', problems: r.problems }
  }
  if (/^1[3-9]\d{9}$/.test(compact)) return { kind: 'phone', q: compact }
  if (/^[\dXx]+$/.test(compact)) return { kind: 'partialNumber', digits: compact.length }
  return { kind: 'name', q }
}

/** The `q` to send, or undefined when nothing should be asked yet. */
export function searchQ(term: SearchTerm): string | undefined {
  return term.kind === 'name' || term.kind === 'idNumber' || term.kind === 'phone' ? term.q : undefined
}
