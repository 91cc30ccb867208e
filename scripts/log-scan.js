// Scans the app logs written during a test run (.cache/test-logs, see test/test-logs.ts) for
// personal data and secrets that must never reach a log. `npm test` (scripts/test.js) counts every
// hit as a failed test. Plain JavaScript so scripts/test.js can import it without a TypeScript loader.
import fs from 'node:fs'
import path from 'node:path'

// Numbers stand alone: not inside a longer run of digits or letters (hashes, tokens) and not the
// fraction of a decimal (response times).
const ALONE_BEFORE = '(?<![0-9A-Za-z.])'
const ALONE_AFTER = '(?![0-9A-Za-z])'

/** What is looked for, with how a hit is shown (masked) in the report. */
export const LOG_PATTERNS = [
  {
    kind: 'mobile number',
    pattern: new RegExp(`${ALONE_BEFORE}1[3-9]\\d{9}${ALONE_AFTER}`, 'g'),
    mask: (v) => `${v.slice(0, 3)}****${v.slice(-4)}`,
  },
  {
    kind: 'resident ID number',
    pattern: new RegExp(`${ALONE_BEFORE}\\d{17}[\\dXx]${ALONE_AFTER}`, 'g'),
    mask: (v) => `${v.slice(0, 6)}********${v.slice(-4)}`,
  },
  {
    kind: 'session cookie',
    pattern: /frontline_session=[^;\s"',]+/g,
    mask: () => 'frontline_session=****',
  },
  {
    kind: 'API token',
    pattern: /Bearer\s+flt_[^\s"',;]*/gi,
    mask: () => 'Bearer flt_****',
  },
  {
    kind: 'secret field',
    // A JSON key of a secret with a value (a non-empty string, a number or a boolean), also as JSON
    // inside a logged string (\"password\":\"…\"); pino's "[Redacted]" is the redaction working.
    pattern: /\\?"(password|newPassword|currentPassword|temporaryPassword|totpSecret|secret)\\?"\s*:\s*(\\"(?:(?!\\").)+\\"|"(?:[^"\\]|\\.)+"|-?\d[\d.eE+-]*|true|false)/g,
    skip: (match) => match[2] === '"[Redacted]"' || match[2] === '\\"[Redacted]\\"',
    mask: (_v, match) => `"${match[1]}": "****"`,
  },
]

/** Every hit in a text: { line (1-based), kind, masked }. */
export function scanText(text) {
  const hits = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    for (const p of LOG_PATTERNS) {
      p.pattern.lastIndex = 0
      for (const match of line.matchAll(p.pattern)) {
        if (p.skip?.(match)) continue
        hits.push({ line: i + 1, kind: p.kind, masked: p.mask(match[0], match) })
      }
    }
  }
  return hits
}

/** Every hit in the files of a folder (not recursive): { file, line, kind, masked }, plus counts. */
export function scanLogDir(dir) {
  const result = { files: 0, lines: 0, hits: [] }
  if (!fs.existsSync(dir)) return result
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name)
    if (!fs.statSync(file).isFile()) continue
    const text = fs.readFileSync(file, 'utf8')
    result.files++
    result.lines += text.split('\n').filter((l) => l !== '').length
    for (const hit of scanText(text)) result.hits.push({ file, ...hit })
  }
  return result
}
