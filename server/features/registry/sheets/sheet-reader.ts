// Reading the spreadsheets communities upload (XLSX, or CSV saved by Excel) into a header and rows,
// with every structural problem reported precisely. Pure: no database, no disk, no network; the file is
// a Buffer in memory and nothing is written anywhere (not even a temporary file).
//
// Contract of readSheet(data, options):
// - Never throws for any input. Whatever is wrong with the file is a SheetProblem with a stable `code`
//   (listed in PROBLEM_CODES below); problems without `level` are errors, `level: 'warning'` ones are
//   not. Rows are still returned when only some rows or cells have problems (the problems name them by
//   `row`, `cell` and `column`); an importer must not write rows an error names, and should refuse the
//   file when a file-level error exists. File-level errors (empty_file, file_too_large,
//   not_a_spreadsheet, legacy_xls, encrypted_file, unsupported_format, unknown_encoding, damaged_file,
//   too_many_rows) come with no rows at all.
// - The format is decided by content, never by the file name: a ZIP holding `[Content_Types].xml` and a
//   SpreadsheetML workbook is XLSX; OLE2 is an old .xls (or a password-protected workbook); anything
//   else must be text (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030, which covers GBK/GB2312)
//   and is read as CSV (delimiter `,`, or tab/`;` when the first line says so).
// - `row` is the 1-based row number the user sees in Excel (for CSV: the record number, so a quoted
//   field spanning lines is one row; an Excel `sep=;` first line is not counted). `cell` is like "C12";
//   `column` is the header text of that cell's column, when it has one.
// - The header row is the first non-blank row. One exception, for the title banners of Chinese
//   government templates ("XX社区实有人口登记表" merged across the table): an XLSX row whose only value
//   sits in a merge spanning several columns, followed by a row with several values, is a title; up to
//   three such rows are skipped and each is reported as a `title_row` warning.
// - Headers are trimmed; columns after the last non-empty header are ignored (values found there are
//   reported once per column as `value_without_header`). Rows are aligned with the headers, every cell
//   a trimmed string ('' when empty); blank rows are skipped (their numbers are not reused).
// - Values are rendered as the user reads them: numbers without exponent or trailing ".0" (rounded to
//   Excel's 15 significant digits), integers of more than 15 digits as their digits plus a
//   `number_lost_digits` problem (Excel cannot hold them: an ID number typed as a number has lost its
//   last digits), dates as YYYY-MM-DD (YYYY-MM-DD HH:mm:ss with a time, HH:mm:ss for a bare time),
//   booleans as TRUE/FALSE, rich text concatenated, hyperlinks as their text. Formulas are never
//   evaluated: the cell holds the result the file cached (possibly stale, '' when none) and a `formula`
//   problem names it. Error values (#N/A…) are '' with `cell_error`. Merged ranges are reported
//   (`merged_cells`, or `merged_header` when they touch the header row); only their top-left cell has a
//   value, nothing is filled in. A leading apostrophe is data: it is NOT stripped (our own exports use
//   it to neutralize formula-like text, see sheet-writer.ts, and a round trip must not re-arm them).
// - XLSX: the first visible worksheet with a value is read (hidden sheets are skipped); other visible
//   sheets with values are named in an `ignored_sheets` warning.
// - Limits: a file over maxBytes is refused unread; reading stops as soon as more than maxRows data rows
//   are seen (`too_many_rows`); each XML part may inflate to at most MAX_INFLATED_BYTES (zip bombs), and
//   at most MAX_CELLS cells / MAX_SHARED_STRING_CHARS characters of shared strings are held (beyond:
//   `file_too_large`); at most MAX_PROBLEMS_PER_CODE problems of one code are listed, then one
//   `too_many_problems` tells how many more there were.
//
// Why not exceljs for reading (it writes, in sheet-writer.ts): on 100,000 rows × 20 columns with 1.3
// million distinct texts, measured back to back on the same (busy, 2-core) machine, exceljs's Workbook
// reader took 12.1 s of CPU and 1.26 GB, its streaming WorkbookReader 6.5 s of CPU; the streaming
// reader also writes each worksheet to a temporary file when sharedStrings.xml comes after it in the
// ZIP (as in every file Excel saves: personal data on disk), ignores merged cells and the CJK built-in
// date formats (numFmtId 27–36, 50–58), and keeps only the last run of inline rich text. This file
// reads the ZIP directory itself, inflates parts with node:zlib as streams and scans the XML with a
// small hand-written tokenizer: 2.9–3.6 s of CPU (~0.3 s inflating, ~0.85 s shared strings, ~1.8 s the
// worksheet) and ~350 MB resident for the same file.
import { createInflateRaw, inflateRawSync } from 'node:zlib'
import { parse as parseCsv } from 'csv-parse/sync'

// ---------------------------------------------------------------------------------------------------
// Public types

export interface SheetProblem {
  code: string
  message: string
  /** 1-based spreadsheet row. */
  row?: number
  /** Header text of the column. */
  column?: string
  /** A cell like "C12", or a range like "A5:A9" for merges. */
  cell?: string
  /** Absent means 'error'. */
  level?: 'error' | 'warning'
}

/** One data row; `cells` is aligned with `headers`, every cell a trimmed string ('' for empty). */
export interface SheetRow {
  row: number
  cells: string[]
}

export interface ReadSheetResult {
  format: 'xlsx' | 'csv'
  /** CSV only: 'utf-8', 'gb18030', 'utf-16le' or 'utf-16be'. */
  encoding?: string
  /** XLSX only: the name of the worksheet read. */
  sheetName?: string
  headers: string[]
  /** 1-based row of the header; 0 when there is none. */
  headerRow: number
  rows: SheetRow[]
  problems: SheetProblem[]
}

export interface ReadSheetOptions {
  /** Only used in messages; the format is decided by content. */
  filename?: string
  /** Most data rows accepted (default 200,000). */
  maxRows?: number
  /** Largest file accepted, in bytes (default 64 MiB). */
  maxBytes?: number
}

export const DEFAULT_MAX_ROWS = 200_000
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024
/** Problems of one code listed before the rest are summarised in one `too_many_problems`. */
export const MAX_PROBLEMS_PER_CODE = 1_000
/** Most bytes one XML part of a workbook may inflate to (a zip bomb is refused, not inflated). */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024
/**
 * Most cells held in memory (row lengths summed, up to each row's last value), and most characters of
 * shared strings: a crafted file (one value in column XFD of every row, millions of tiny shared strings)
 * is refused as file_too_large instead of exhausting memory. 200,000 rows × 100 columns fit.
 */
export const MAX_CELLS = 20_000_000
export const MAX_SHARED_STRING_CHARS = 128 * 1024 * 1024
/** Title rows skipped at most above the header (see the contract above). */
const MAX_TITLE_ROWS = 3
/** Excel's last column (XFD). */
const MAX_COLUMNS = 16_384

/** Every problem code readSheet reports, with its meaning. Stable API: importers and the web app branch on them. */
export const PROBLEM_CODES = {
  empty_file: 'the file has no content (no bytes, or no non-blank row)',
  file_too_large: 'the file is larger than maxBytes',
  not_a_spreadsheet: 'the content is neither an XLSX workbook nor a text CSV',
  legacy_xls: 'an Excel 97–2003 .xls workbook: save it as .xlsx',
  encrypted_file: 'a password-protected workbook',
  unsupported_format: 'a spreadsheet in a format not read here (.xlsb, .ods, HTML or XML saved as .xls)',
  unknown_encoding: 'text that is neither UTF-8, UTF-16 nor GB18030',
  damaged_file: 'a workbook whose ZIP or XML structure is broken',
  csv_syntax: 'a CSV that cannot be parsed past some row (an unclosed quote)',
  wrong_cell_count: 'a CSV row with more or fewer cells than the header',
  no_rows: 'a header but no data row',
  too_many_rows: 'more data rows than maxRows',
  empty_header: 'a column within the header without a name',
  duplicate_header: 'two columns with the same header',
  value_without_header: 'values in a column after the last header',
  title_row: 'warning: a title banner above the header was skipped',
  merged_header: 'a merged range touching the header row',
  merged_cells: 'a merged range in the data (only its top-left cell has a value)',
  formula: 'a cell with a formula (its cached result was read, never evaluated)',
  cell_error: 'a cell holding an error value such as #N/A',
  number_lost_digits: 'an integer of more than 15 digits stored as a number (Excel lost digits)',
  control_character: 'a cell with an invisible control character',
  ignored_sheets: 'warning: other worksheets with values were not read',
  too_many_problems: 'more problems of one code than are listed',
} as const

export type SheetProblemCode = keyof typeof PROBLEM_CODES

// ---------------------------------------------------------------------------------------------------
// Entry point

export async function readSheet(input: Buffer, options: ReadSheetOptions = {}): Promise<ReadSheetResult> {
  const data = Buffer.isBuffer(input) ? input : Buffer.from((input as Uint8Array).buffer, (input as Uint8Array).byteOffset, (input as Uint8Array).byteLength)
  const maxRows = Math.max(0, options.maxRows ?? DEFAULT_MAX_ROWS)
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const name = options.filename ? `"${options.filename}"` : 'The file'
  const problems = new Problems()
  const fail = (format: 'xlsx' | 'csv', code: SheetProblemCode, message: string): ReadSheetResult => {
    problems.add({ code, message })
    return { format, headers: [], headerRow: 0, rows: [], problems: problems.result() }
  }

  if (data.length === 0) return fail('csv', 'empty_file', `${name} is empty.`)
  const kind = sniff(data)
  const likely = kind.type === 'zip' || kind.type === 'ole2' ? 'xlsx' : 'csv'
  if (data.length > maxBytes) {
    return fail(likely, 'file_too_large', `${name} has ${formatBytes(data.length)}; at most ${formatBytes(maxBytes)} are accepted.`)
  }

  try {
    switch (kind.type) {
      case 'zip':
        return await readXlsx(data, name, maxRows, problems)
      case 'ole2':
        return isEncryptedOle(data)
          ? fail('xlsx', 'encrypted_file', `${name} is protected by a password. Remove the password in Excel (File → Info → Protect Workbook) and upload it again.`)
          : fail('xlsx', 'legacy_xls', `${name} is an old Excel 97–2003 workbook (.xls). Open it in Excel or WPS and save it as "Excel Workbook (*.xlsx)".`)
      case 'binary':
        return fail('csv', 'not_a_spreadsheet', `${name} is not a spreadsheet${kind.what ? ` (it looks like ${kind.what})` : ''}. Upload an .xlsx workbook or a .csv file.`)
      case 'text':
        return readCsv(data, name, maxRows, problems)
    }
  } catch (error) {
    if (error instanceof LimitError) return fail(likely, 'file_too_large', `${name} is too large to read: ${error.message}.`)
    // Our own parsers throw FileError with a safe message; anything else is reported without its text,
    // which could quote the file's content.
    const detail = error instanceof FileError ? ` (${error.message})` : ''
    return fail(likely, 'damaged_file', `${name} could not be read; it may be damaged${detail}. Open it in Excel, save it again and upload the new file.`)
  }
}

/** A problem of the file itself, with a message safe to show (it never quotes the file's content). */
class FileError extends Error {}
/** The file is beyond one of the memory budgets (reported as file_too_large). */
class LimitError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Content sniffing

type Sniffed = { type: 'zip' } | { type: 'ole2' } | { type: 'text' } | { type: 'binary'; what?: string }

const MAGIC: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x1f, 0x8b], 'a gzip archive'],
]

function startsWith(data: Buffer, bytes: number[]): boolean {
  return data.length >= bytes.length && bytes.every((b, i) => data[i] === b)
}

function sniff(data: Buffer): Sniffed {
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0x50, 0x4b, 0x05, 0x06])) return { type: 'zip' }
  if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { type: 'ole2' }
  if (startsWith(data, [0xef, 0xbb, 0xbf]) || startsWith(data, [0xff, 0xfe]) || startsWith(data, [0xfe, 0xff])) return { type: 'text' }
  for (const [bytes, what] of MAGIC) if (startsWith(data, bytes)) return { type: 'binary', what }
  // Text has no NUL and few other control bytes; binary data has plenty of both.
  const sample = data.subarray(0, 65_536)
  let controls = 0
  for (const b of sample) {
    if (b === 0) return { type: 'binary' }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x1a) controls++
  }
  return controls > Math.max(4, sample.length / 200) ? { type: 'binary' } : { type: 'text' }
}

/** An OLE2 file holding an "EncryptionInfo" stream is an encrypted OOXML workbook, not an .xls. */
function isEncryptedOle(data: Buffer): boolean {
  return data.includes(Buffer.from('EncryptionInfo', 'utf16le')) || data.includes(Buffer.from('EncryptedPackage', 'utf16le'))
}

// ---------------------------------------------------------------------------------------------------
// Problems

interface PendingProblem extends SheetProblem {
  /** 0-based column index, turned into `column` (header text) once the header is known. */
  col?: number
}

class Problems {
  private list: PendingProblem[] = []
  private counts = new Map<string, number>()

  add(p: PendingProblem): void {
    const n = (this.counts.get(p.code) ?? 0) + 1
    this.counts.set(p.code, n)
    if (n <= MAX_PROBLEMS_PER_CODE) this.list.push(p)
  }

  /** Adds a cell problem (row 1-based, col 0-based). */
  cell(code: SheetProblemCode, row: number, col: number, message: (ref: string) => string): void {
    if ((this.counts.get(code) ?? 0) >= MAX_PROBLEMS_PER_CODE) {
      this.counts.set(code, (this.counts.get(code) ?? 0) + 1)
      return
    }
    const ref = cellRef(row, col)
    this.add({ code, message: message(ref), row, cell: ref, col })
  }

  has(code: SheetProblemCode): boolean {
    return this.counts.has(code)
  }

  result(headers: string[] = []): SheetProblem[] {
    const out: SheetProblem[] = this.list.map(({ col, ...p }) => {
      const column = col !== undefined ? headers[col] : undefined
      return column ? { ...p, column } : p
    })
    for (const [code, n] of this.counts) {
      if (n > MAX_PROBLEMS_PER_CODE) {
        const more = n - MAX_PROBLEMS_PER_CODE
        out.push({ code: 'too_many_problems', message: `${more} more "${code}" ${more === 1 ? 'problem was' : 'problems were'} found but not listed.` })
      }
    }
    // File-level problems first, then by row and column.
    const order = (p: SheetProblem): number => p.row ?? 0
    return out
      .map((p, i) => ({ p, i }))
      .sort((a, b) => order(a.p) - order(b.p) || a.i - b.i)
      .map(({ p }) => p)
  }
}

// ---------------------------------------------------------------------------------------------------
// Cells and rows common to both formats

const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/

function columnLetters(col: number): string {
  let s = ''
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

/** "C12" for row 12 (1-based), column 2 (0-based). */
export function cellRef(row: number, col: number): string {
  return `${columnLetters(col)}${row}`
}

/** A row as read, before the header is known: cells trimmed; CSV rows keep every field (for the count check). */
interface RawRow {
  row: number
  cells: string[]
}

interface MergeRange {
  ref: string
  top: number
  left: number
  bottom: number
  right: number
}

function nonEmptyCount(cells: string[]): number {
  let n = 0
  for (const c of cells) if (c !== '') n++
  return n
}

/** Decides header and data rows and reports the problems of the table's shape. */
function assemble(
  base: { format: 'xlsx' | 'csv'; encoding?: string; sheetName?: string },
  rawRows: RawRow[],
  problems: Problems,
  opts: { maxRows: number; merges?: MergeRange[]; csv?: boolean; name: string },
): ReadSheetResult {
  const merges = opts.merges ?? []
  const empty = (): ReadSheetResult => ({ ...base, headers: [], headerRow: 0, rows: [], problems: problems.result() })

  // Title banners (XLSX only: they are recognised by their merge).
  let first = 0
  const titleRows = new Set<number>()
  while (first < rawRows.length - 1 && titleRows.size < MAX_TITLE_ROWS) {
    const r = rawRows[first]!
    const next = rawRows[first + 1]!
    if (nonEmptyCount(r.cells) !== 1 || nonEmptyCount(next.cells) < 2) break
    const col = r.cells.findIndex((c) => c !== '')
    const banner = merges.find((m) => m.top === r.row && m.left === col && m.right > m.left)
    if (!banner) break
    titleRows.add(r.row)
    problems.add({
      code: 'title_row',
      level: 'warning',
      row: r.row,
      cell: banner.ref,
      message: `Row ${r.row} is read as a title above the table (one value merged across ${banner.ref}) and skipped; the header is the next row.`,
    })
    first++
  }

  const headerRaw = rawRows[first]
  if (!headerRaw) {
    if (!problems.has('csv_syntax')) problems.add({ code: 'empty_file', message: `${opts.name} has no data: every row is blank.` })
    return empty()
  }
  const headerRow = headerRaw.row
  let width = headerRaw.cells.length
  while (width > 0 && headerRaw.cells[width - 1] === '') width--
  const headers = headerRaw.cells.slice(0, width)

  const seen = new Map<string, number>()
  headers.forEach((h, col) => {
    if (h === '') {
      problems.cell('empty_header', headerRow, col, (ref) => `Column ${columnLetters(col)} has no header (${ref} is empty); its values are ignored unless it is given a name.`)
      return
    }
    const before = seen.get(h)
    if (before !== undefined) {
      problems.cell('duplicate_header', headerRow, col, (ref) => `The header "${h}" in ${ref} is already the header of column ${columnLetters(before)}.`)
    } else seen.set(h, col)
  })

  const dataRaw = rawRows.slice(first + 1)
  if (dataRaw.length === 0) {
    problems.add({ code: 'no_rows', row: headerRow, message: `${opts.name} has a header (row ${headerRow}) but no data rows.` })
    return { ...base, headers, headerRow, rows: [], problems: problems.result(headers) }
  }
  if (dataRaw.length > opts.maxRows) {
    problems.add({
      code: 'too_many_rows',
      message: `${opts.name} has more than ${opts.maxRows} data rows (the most accepted in one upload); split it into smaller files.`,
    })
    return { ...base, headers, headerRow, rows: [], problems: problems.result(headers) }
  }

  const headerFieldCount = headerRaw.cells.length
  const outside = new Map<number, { first: string; row: number; count: number }>()
  const rows: SheetRow[] = new Array(dataRaw.length)
  for (let i = 0; i < dataRaw.length; i++) {
    const { row, cells } = dataRaw[i]!
    let checkOutside = true
    if (opts.csv && cells.length !== headerFieldCount) {
      let extra = false
      for (let c = width; c < cells.length; c++) if (cells[c] !== '') extra = true
      if (cells.length < width || (cells.length > headerFieldCount && extra)) {
        checkOutside = false
        problems.add({
          code: 'wrong_cell_count',
          row,
          message:
            `Row ${row} has ${cells.length} cells but the header has ${width}` +
            (cells.length > width ? ' (a value containing a comma may be missing its quotes).' : '.'),
        })
      }
    }
    if (checkOutside) {
      for (let c = width; c < cells.length; c++) {
        if (cells[c] === '') continue
        const o = outside.get(c)
        if (o) o.count++
        else outside.set(c, { first: cellRef(row, c), row, count: 1 })
      }
    }
    let aligned: string[]
    if (cells.length === width) aligned = cells
    else {
      aligned = cells.length > width ? cells.slice(0, width) : cells.concat(new Array<string>(width - cells.length).fill(''))
    }
    rows[i] = { row, cells: aligned }
  }
  for (const [col, o] of [...outside].sort((a, b) => a[0] - b[0])) {
    problems.add({
      code: 'value_without_header',
      row: o.row,
      cell: o.first,
      message: `Column ${columnLetters(col)} has ${o.count} ${o.count === 1 ? 'value' : 'values'} (first in ${o.first}) but no header; they are ignored.`,
    })
  }

  for (const m of merges) {
    if (m.bottom < headerRow) continue // a title banner, or merged blank rows above the table
    if (m.left >= width) continue // beyond the table's columns, where nothing is read
    if (m.top <= headerRow) {
      problems.add({
        code: 'merged_header',
        row: headerRow,
        cell: m.ref,
        col: m.left,
        message: `The header row has merged cells (${m.ref}); use one header cell per column and no merged or multi-row headers.`,
      })
    } else {
      problems.add({
        code: 'merged_cells',
        row: m.top,
        cell: m.ref,
        col: m.left,
        message: `Cells ${m.ref} are merged, so only ${cellRef(m.top, m.left)} has a value; unmerge them and fill every cell.`,
      })
    }
  }

  return { ...base, headers, headerRow, rows, problems: problems.result(headers) }
}

// ---------------------------------------------------------------------------------------------------
// CSV

/** Thrown from csv-parse's record callback to stop reading once the row limit is passed. */
class StopReading extends Error {}

/** "6.30102E+17": how Excel shows (and saves to CSV) a number of 12 or more digits in a General cell. */
const SHORTENED_NUMBER = /^[+-]?\d(?:\.\d+)?E\+\d+$/i

function decodeText(data: Buffer): { text: string; encoding: string } | undefined {
  const tryDecode = (label: string, bytes: Uint8Array): string | undefined => {
    try {
      return new TextDecoder(label, { fatal: true }).decode(bytes)
    } catch {
      return undefined
    }
  }
  if (startsWith(data, [0xef, 0xbb, 0xbf])) {
    const text = tryDecode('utf-8', data.subarray(3))
    return text === undefined ? undefined : { text, encoding: 'utf-8' }
  }
  if (startsWith(data, [0xff, 0xfe])) {
    const text = tryDecode('utf-16le', data.subarray(2))
    return text === undefined ? undefined : { text, encoding: 'utf-16le' }
  }
  if (startsWith(data, [0xfe, 0xff])) {
    const text = tryDecode('utf-16be', data.subarray(2))
    return text === undefined ? undefined : { text, encoding: 'utf-16be' }
  }
  const utf8 = tryDecode('utf-8', data)
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' }
  const gb = tryDecode('gb18030', data)
  if (gb !== undefined) return { text: gb, encoding: 'gb18030' }
  return undefined
}

/** The delimiter of the first line: the most frequent of comma, tab and semicolon outside quotes (comma on a tie). */
function sniffDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, '\t': 0, ';': 0 }
  let quoted = false
  for (let i = 0; i < text.length && i < 65_536; i++) {
    const ch = text[i]!
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (counts[',']! + counts['\t']! + counts[';']! > 0) break
    } else if (!quoted && ch in counts) counts[ch]!++
  }
  let best = ','
  for (const d of ['\t', ';']) if (counts[d]! > counts[best]!) best = d
  return best
}

function readCsv(data: Buffer, name: string, maxRows: number, problems: Problems): ReadSheetResult {
  const decoded = decodeText(data)
  const fail = (code: SheetProblemCode, message: string, encoding?: string): ReadSheetResult => {
    problems.add({ code, message })
    return { format: 'csv', ...(encoding ? { encoding } : {}), headers: [], headerRow: 0, rows: [], problems: problems.result() }
  }
  if (!decoded) {
    return fail('unknown_encoding', `${name} is text in an unknown encoding (neither UTF-8 nor GB18030/GBK). Save it from Excel as "CSV UTF-8" or as .xlsx.`)
  }
  let { text } = decoded
  const { encoding } = decoded
  const head = text.slice(0, 2048).replace(/^\s+/, '')
  if (/^<(!doctype\s+html|html|table|\?xml|(\w+:)?workbook)\b/i.test(head) || head.includes('urn:schemas-microsoft-com:office:spreadsheet')) {
    return fail(
      'unsupported_format',
      `${name} is a web page or an XML spreadsheet saved under a spreadsheet name, not a workbook. Open it in Excel or WPS and save it as "Excel Workbook (*.xlsx)".`,
      encoding,
    )
  }

  // Excel's "sep=;" hint line: it names the delimiter and is not a row.
  let delimiter: string
  const sep = /^sep=(.)\r?\n/.exec(text)
  if (sep) {
    delimiter = sep[1]!
    text = text.slice(sep[0].length)
  } else delimiter = sniffDelimiter(text)

  const rawRows: RawRow[] = []
  let rowNo = 0
  let cellCount = 0
  const limit = maxRows + 1
  try {
    parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: false,
      on_record: (record: string[]) => {
        rowNo++
        let blank = true
        for (let c = 0; c < record.length; c++) {
          const v = record[c]!
          if (CONTROL_CHARACTER.test(v)) {
            problems.cell('control_character', rowNo, c, (ref) => `${ref} contains an invisible control character; delete it and type the value again.`)
          }
          const t = v.trim()
          record[c] = t
          if (t !== '') blank = false
          if (SHORTENED_NUMBER.test(t) && Number(/\d+$/.exec(t)![0]) >= 11) {
            problems.cell(
              'number_lost_digits',
              rowNo,
              c,
              (ref) =>
                `${ref} holds a long number in scientific notation, as Excel shows numbers of 12 or more digits; the file was saved with the shortened form and the digits are lost. Format the column as Text in the original workbook and save it again.`,
            )
          }
        }
        if (blank) return null
        cellCount += record.length
        if (cellCount > MAX_CELLS) throw new LimitError(`it has more than ${MAX_CELLS} cells`)
        rawRows.push({ row: rowNo, cells: record })
        if (rawRows.length > limit) throw new StopReading()
        return null
      },
    })
  } catch (error) {
    if (error instanceof LimitError) throw error
    if (!(error instanceof StopReading)) {
      const code = (error as { code?: string }).code
      const row = rowNo + 1
      problems.add({
        code: 'csv_syntax',
        row,
        message:
          code === 'CSV_QUOTE_NOT_CLOSED'
            ? `A quoted value starting in row ${row} is never closed, so the rest of the file cannot be read; check that row's double quotes (").`
            : `The CSV cannot be read from row ${row} on (${code ?? 'syntax error'}).`,
      })
    }
  }
  return assemble({ format: 'csv', encoding }, rawRows, problems, { maxRows, csv: true, name })
}

// ---------------------------------------------------------------------------------------------------
// ZIP (the container of an XLSX): central directory, local headers, raw deflate through node:zlib.

interface ZipEntry {
  name: string
  method: number
  flags: number
  compressedSize: number
  size: number
  localOffset: number
}

function readZipDirectory(buf: Buffer): Map<string, ZipEntry> {
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the end of the file.
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new FileError('the ZIP directory is missing; the upload may be cut off')
  let count = buf.readUInt16LE(eocd + 10)
  let cdOffset = buf.readUInt32LE(eocd + 16)
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z64 = Number(buf.readBigUInt64LE(eocd - 12))
    if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== 0x06064b50) throw new FileError('the ZIP64 directory is damaged')
    count = Number(buf.readBigUInt64LE(z64 + 32))
    cdOffset = Number(buf.readBigUInt64LE(z64 + 48))
  }
  const entries = new Map<string, ZipEntry>()
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new FileError('the ZIP directory is damaged')
    const flags = buf.readUInt16LE(p + 8)
    const method = buf.readUInt16LE(p + 10)
    let compressedSize = buf.readUInt32LE(p + 20)
    let size = buf.readUInt32LE(p + 24)
    const nameLength = buf.readUInt16LE(p + 28)
    const extraLength = buf.readUInt16LE(p + 30)
    const commentLength = buf.readUInt16LE(p + 32)
    let localOffset = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength)
    // ZIP64 sizes and offset, in this order, for the fields that overflowed.
    let e = p + 46 + nameLength
    const extraEnd = e + extraLength
    while (e + 4 <= extraEnd && e + 4 <= buf.length) {
      const id = buf.readUInt16LE(e)
      const len = buf.readUInt16LE(e + 2)
      if (id === 0x0001) {
        let q = e + 4
        if (size === 0xffffffff && q + 8 <= e + 4 + len) (size = Number(buf.readBigUInt64LE(q))), (q += 8)
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) (compressedSize = Number(buf.readBigUInt64LE(q))), (q += 8)
        if (localOffset === 0xffffffff && q + 8 <= e + 4 + len) localOffset = Number(buf.readBigUInt64LE(q))
      }
      e += 4 + len
    }
    entries.set(name.replace(/^\/+/, '').toLowerCase(), { name, method, flags, compressedSize, size, localOffset })
    p = extraEnd + commentLength
  }
  return entries
}

function compressedData(buf: Buffer, e: ZipEntry): Buffer {
  const h = e.localOffset
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw new FileError(`the ZIP entry ${e.name} is damaged`)
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28)
  if (start + e.compressedSize > buf.length) throw new FileError(`the ZIP entry ${e.name} is cut off`)
  if (e.flags & 1) throw new FileError('its parts are encrypted')
  if (e.method !== 0 && e.method !== 8) throw new FileError(`the ZIP entry ${e.name} uses an unsupported compression method`)
  return buf.subarray(start, start + e.compressedSize)
}

/** A small part, whole, as text. */
function readPart(buf: Buffer, e: ZipEntry): string {
  const raw = compressedData(buf, e)
  let bytes: Buffer
  try {
    bytes = e.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: MAX_INFLATED_BYTES })
  } catch {
    throw new FileError(`the ZIP entry ${e.name} cannot be decompressed`)
  }
  return new TextDecoder('utf-8').decode(bytes)
}

/**
 * A part of any size as a stream of text chunks. Each chunk is cut before its last '<' byte and the rest
 * carried over as bytes, so chunks almost always end between tags: the scanner then works on the flat
 * string the decoder made instead of concatenating a partial tag to the next chunk (measured: a
 * concatenated string made every character access of the scan slower). '<' never occurs inside a UTF-8
 * multi-byte sequence, so no character is split either.
 */
async function* streamPart(buf: Buffer, e: ZipEntry): AsyncGenerator<string> {
  const raw = compressedData(buf, e)
  const decoder = new TextDecoder('utf-8')
  let carry: Buffer | undefined
  const cut = function* (chunk: Buffer): Generator<string> {
    const data = carry ? Buffer.concat([carry, chunk]) : chunk
    const lt = data.lastIndexOf(0x3c)
    if (lt <= 0 && data.length < 1 << 20) {
      carry = data
      return
    }
    const at = lt <= 0 ? data.length : lt
    carry = at < data.length ? data.subarray(at) : undefined
    yield decoder.decode(data.subarray(0, at), { stream: true })
  }
  if (e.method === 0) {
    for (let i = 0; i < raw.length; i += 1 << 20) yield* cut(raw.subarray(i, i + (1 << 20)))
  } else {
    const inflater = createInflateRaw({ chunkSize: 1 << 20 })
    inflater.end(raw)
    let total = 0
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        total += chunk.length
        if (total > MAX_INFLATED_BYTES) throw new FileError(`the ZIP entry ${e.name} inflates to more than ${formatBytes(MAX_INFLATED_BYTES)}`)
        yield* cut(chunk)
      }
    } catch (error) {
      if (error instanceof FileError) throw error
      throw new FileError(`the ZIP entry ${e.name} cannot be decompressed`)
    } finally {
      inflater.destroy()
    }
  }
  const rest = decoder.decode(carry ?? new Uint8Array(0))
  if (rest) yield rest
}

// ---------------------------------------------------------------------------------------------------
// XML: a small tokenizer finds the next tag (indexOf/charCodeAt); handlers get local names (prefixes dropped),
// the raw attribute text and, only while they ask for it, the raw text between tags. Entities are
// decoded by the handlers (decodeXml) once the text is complete. No DTD is processed (no entity
// expansion of any kind).

interface XmlHandler {
  /** Whether text between tags is wanted now. */
  capturing: boolean
  /** Set to stop the scan. */
  stopped: boolean
  open(name: string, attrs: string, selfClosing: boolean): void
  close(name: string): void
  text(raw: string): void
}

/** Feeds an XML text, chunk by chunk, to a handler (hand-written: one regular expression per tag was slower). */
class XmlScanner {
  private rest = ''
  /** Open elements; a document that ends with some still open was cut off. */
  private depth = 0
  constructor(private readonly h: XmlHandler) {}

  write(chunk: string, final: boolean): void {
    const s = this.rest === '' ? chunk : this.rest + chunk
    const n = s.length
    const h = this.h
    let pos = 0
    while (pos < n && !h.stopped) {
      const lt = s.indexOf('<', pos)
      if (lt < 0) {
        if (h.capturing) h.text(s.slice(pos))
        pos = n
        break
      }
      if (lt > pos && h.capturing) h.text(s.slice(pos, lt))
      pos = lt
      if (lt + 1 >= n) break
      const c1 = s.charCodeAt(lt + 1)
      if (c1 === 47) {
        // </name>
        const gt = s.indexOf('>', lt + 2)
        if (gt < 0) break
        this.depth--
        // </c>, </v>, </t> (most tags) need no trimming or prefix check: a one-character name is cached by V8
        h.close(gt === lt + 3 ? s[lt + 2]! : localName(s.slice(lt + 2, gt).trim()))
        pos = gt + 1
      } else if (c1 === 33) {
        // <![CDATA[…]]>, <!--…-->, <!DOCTYPE…> (its internal subset is skipped, never processed)
        if (n - lt < 9 && !final) break
        if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9)
          if (end < 0) break
          if (h.capturing) h.text(s.slice(lt + 9, end).replace(/&/g, '&amp;').replace(/</g, '&lt;'))
          pos = end + 3
        } else if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4)
          if (end < 0) break
          pos = end + 3
        } else {
          const bracket = s.indexOf('[', lt)
          const gt = s.indexOf('>', lt)
          const end = bracket >= 0 && (gt < 0 || bracket < gt) ? s.indexOf(']>', bracket) : gt
          if (end < 0) break
          pos = end + (s.charCodeAt(end) === 93 ? 2 : 1)
        }
      } else if (c1 === 63) {
        // <?…?>
        const end = s.indexOf('?>', lt + 2)
        if (end < 0) break
        pos = end + 2
      } else {
        // <name attrs> or <name attrs/>; '>' may appear inside quoted attribute values
        let i = lt + 1
        while (i < n) {
          const c = s.charCodeAt(i)
          if (c <= 32 || c === 47 || c === 62) break
          i++
        }
        const nameEnd = i
        let quote = 0
        while (i < n) {
          const c = s.charCodeAt(i)
          if (quote !== 0) {
            if (c === quote) quote = 0
          } else if (c === 34 || c === 39) quote = c
          else if (c === 62) break
          i++
        }
        if (i >= n) break
        if (nameEnd === lt + 1) throw new FileError('its XML is malformed')
        const selfClosing = s.charCodeAt(i - 1) === 47 && i - 1 >= nameEnd
        const name = localName(s.slice(lt + 1, nameEnd))
        h.open(name, s.slice(nameEnd, selfClosing ? i - 1 : i), selfClosing)
        if (selfClosing) h.close(name)
        else this.depth++
        pos = i + 1
      }
    }
    this.rest = h.stopped ? '' : s.slice(pos)
    if (this.rest.length > 16 << 20 || (final && this.rest.trim() !== '' && !h.stopped)) throw new FileError('its XML is malformed')
    if (final && this.depth !== 0 && !h.stopped) throw new FileError('its XML is cut off')
  }
}

function localName(qname: string): string {
  const colon = qname.indexOf(':')
  return colon < 0 ? qname : qname.slice(colon + 1)
}

async function scanPart(buf: Buffer, e: ZipEntry, h: XmlHandler): Promise<void> {
  const scanner = new XmlScanner(h)
  for await (const chunk of streamPart(buf, e)) {
    scanner.write(chunk, false)
    if (h.stopped) return
  }
  scanner.write('', true)
}

function scanString(xml: string, h: XmlHandler): void {
  new XmlScanner(h).write(xml, true)
}

const ENTITY = /&(?:#x([0-9A-Fa-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/g
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decodeXml(s: string): string {
  if (s.indexOf('&') < 0) return s
  return s.replace(ENTITY, (all, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return NAMED[named]!
    const code = hex ? parseInt(hex, 16) : Number(dec)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all
  })
}

/** Excel writes characters XML cannot hold (and literal "_x…_") as _xHHHH_ escapes (ST_Xstring). */
function decodeExcelEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

const attrPatterns = new Map<string, RegExp>()
/** The value of attribute `name` (exact qualified name, or any prefix when name is ":id"), XML-decoded. */
function attr(attrs: string, name: string): string | undefined {
  let re = attrPatterns.get(name)
  if (!re) {
    const n = name.startsWith(':') ? `[\\w.-]+${name.replace(/\./g, '\\.')}` : name.replace(/\./g, '\\.')
    re = new RegExp(`(?:^|\\s)${n}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)
    attrPatterns.set(name, re)
  }
  const m = re.exec(attrs)
  return m ? decodeXml(m[1] ?? m[2] ?? '') : undefined
}

/** A handler for small parts: calls `onOpen` for every element, collects nothing else. */
function elementsOf(xml: string, onOpen: (name: string, attrs: string, depthNames: string[]) => void): void {
  const stack: string[] = []
  scanString(xml, {
    capturing: false,
    stopped: false,
    open(name, attrs) {
      onOpen(name, attrs, stack)
      stack.push(name)
    },
    close() {
      stack.pop()
    },
    text() {},
  })
}

// ---------------------------------------------------------------------------------------------------
// XLSX structure: package relationships → workbook → sheets, shared strings, styles.

interface SheetInfo {
  name: string
  hidden: boolean
  path: string
}

interface WorkbookInfo {
  sheets: SheetInfo[]
  date1904: boolean
  sharedStrings?: string
  styles?: string
}

function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1)
  const parts = base.split('/').slice(0, -1)
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop()
    else if (seg !== '.' && seg !== '') parts.push(seg)
  }
  return parts.join('/')
}

function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/')
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`
}

function readRelationships(buf: Buffer, entries: Map<string, ZipEntry>, part: string): { id: string; type: string; target: string }[] {
  const e = entries.get(relsPathOf(part).toLowerCase())
  if (!e) return []
  const out: { id: string; type: string; target: string }[] = []
  elementsOf(readPart(buf, e), (name, attrs) => {
    if (name !== 'Relationship' || attr(attrs, 'TargetMode') === 'External') return
    out.push({ id: attr(attrs, 'Id') ?? '', type: attr(attrs, 'Type') ?? '', target: resolvePath(part, attr(attrs, 'Target') ?? '') })
  })
  return out
}

type WorkbookLookup = { ok: true; info: WorkbookInfo } | { ok: false; code: SheetProblemCode; message: string }

function readWorkbookInfo(buf: Buffer, entries: Map<string, ZipEntry>, name: string): WorkbookLookup {
  const notWorkbook = (what: string): WorkbookLookup => ({
    ok: false,
    code: 'not_a_spreadsheet',
    message: `${name} is ${what}, not an Excel workbook. Upload an .xlsx workbook or a .csv file.`,
  })
  if (entries.has('mimetype') && entries.has('content.xml')) {
    return { ok: false, code: 'unsupported_format', message: `${name} is an OpenDocument file (.ods). Open it and save it as "Excel Workbook (*.xlsx)".` }
  }
  if (!entries.has('[content_types].xml')) return notWorkbook('a ZIP archive')
  const office = readRelationships(buf, entries, '').find((r) => r.type.endsWith('/officeDocument'))
  const workbookPath = office?.target ?? 'xl/workbook.xml'
  if (/\.bin$/i.test(workbookPath)) {
    return { ok: false, code: 'unsupported_format', message: `${name} is an Excel binary workbook (.xlsb). Save it as "Excel Workbook (*.xlsx)".` }
  }
  const wb = entries.get(workbookPath.toLowerCase())
  const xml = wb ? readPart(buf, wb) : ''
  let root: string | undefined
  elementsOf(xml, (el, _attrs, stack) => {
    if (stack.length === 0 && root === undefined) root = el
  })
  if (root !== 'workbook') {
    if (root === 'document') return notWorkbook('a Word document')
    if (root === 'presentation') return notWorkbook('a PowerPoint presentation')
    return notWorkbook('an Office document of another kind')
  }
  const rels = readRelationships(buf, entries, workbookPath)
  const byId = new Map(rels.map((r) => [r.id, r]))
  const info: WorkbookInfo = { sheets: [], date1904: false }
  elementsOf(xml, (el, attrs) => {
    if (el === 'workbookPr') {
      const v = attr(attrs, 'date1904')
      info.date1904 = v === '1' || v === 'true'
    } else if (el === 'sheet') {
      const rel = byId.get(attr(attrs, ':id') ?? '')
      if (!rel || !rel.type.endsWith('/worksheet')) return
      const state = attr(attrs, 'state')
      info.sheets.push({ name: attr(attrs, 'name') ?? '', hidden: state === 'hidden' || state === 'veryHidden', path: rel.target })
    }
  })
  info.sharedStrings = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target
  info.styles = rels.find((r) => r.type.endsWith('/styles'))?.target
  return { ok: true, info }
}

async function readSharedStrings(buf: Buffer, e: ZipEntry): Promise<string[]> {
  const out: string[] = []
  let chars = 0
  let current = ''
  let inSi = false
  let phonetic = 0
  let captured = ''
  const h: XmlHandler = {
    capturing: false,
    stopped: false,
    open(name) {
      if (name === 'si') {
        inSi = true
        current = ''
      } else if (name === 'rPh') phonetic++
      else if (name === 't' && inSi && phonetic === 0) {
        h.capturing = true
        captured = ''
      }
    },
    close(name) {
      if (name === 't' && h.capturing) {
        h.capturing = false
        current += decodeXml(captured)
      } else if (name === 'rPh') phonetic--
      else if (name === 'si') {
        inSi = false
        out.push(decodeExcelEscapes(current))
        chars += current.length + 8
        if (chars > MAX_SHARED_STRING_CHARS || out.length > MAX_CELLS) throw new LimitError('its shared strings are too many')
      }
    },
    text(raw) {
      captured += raw
    },
  }
  await scanPart(buf, e, h)
  return out
}

// Built-in number formats that show dates or times (ECMA-376 §18.8.30, with the CJK ones 27–36, 50–58).
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58])

/** Whether a custom number format shows a date or time (yyyy"年"m"月"d"日", [$-F800]dddd…, h:mm…). */
export function isDateFormat(code: string): boolean {
  let f = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
  f = f.replace(/\[(h+|m+|s+)\]/gi, 'h').replace(/\[[^\]]*\]/g, '')
  f = f.split(';')[0] ?? ''
  if (/^general$/i.test(f.trim()) || /E[+-]/.test(f)) return false
  return /[ymdhse]/i.test(f.replace(/general/gi, ''))
}

/** Per cell style (index into cellXfs): whether it shows a date. */
function readDateStyles(buf: Buffer, e: ZipEntry | undefined): boolean[] {
  if (!e) return []
  const custom = new Map<number, string>()
  const xfFormats: number[] = []
  elementsOf(readPart(buf, e), (name, attrs, stack) => {
    if (name === 'numFmt') custom.set(Number(attr(attrs, 'numFmtId')), attr(attrs, 'formatCode') ?? '')
    else if (name === 'xf' && stack[stack.length - 1] === 'cellXfs') xfFormats.push(Number(attr(attrs, 'numFmtId') ?? 0))
  })
  return xfFormats.map((id) => {
    const code = custom.get(id)
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id)
  })
}

// ---------------------------------------------------------------------------------------------------
// Values

const MS_PER_DAY = 86_400_000
const pad2 = (n: number): string => String(n).padStart(2, '0')

/** An Excel serial date as text, or undefined when it is out of Excel's range (0 … 9999-12-31). */
export function serialToText(serial: number, date1904 = false): string | undefined {
  if (!(serial >= 0) || serial >= (date1904 ? 2_957_004 : 2_958_466)) return undefined
  let days = Math.floor(serial)
  let secs = Math.round((serial - days) * 86_400)
  if (secs >= 86_400) {
    days++
    secs -= 86_400
  }
  const time = `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`
  if (days === 0 && !date1904) return time
  let date: string
  if (!date1904 && days === 60) date = '1900-02-29' // Lotus 1-2-3's leap day, which Excel keeps
  else {
    const epoch = date1904 ? Date.UTC(1904, 0, 1) : days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30)
    const d = new Date(epoch + days * MS_PER_DAY)
    date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
  }
  return secs === 0 ? date : `${date} ${time}`
}

/** "6.30102199001011e+17" → "630102199001011000", "1.5e-7" → "0.00000015". */
function expandExponent(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(s)
  if (!m) return s
  const [, sign, int, frac = '', exp] = m
  const digits = (int! + frac).replace(/^0+(?=\d)/, '')
  const point = int!.replace(/^0+(?=\d)/, '').length + Number(exp)
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits.replace(/0+$/, '')}`
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point).replace(/0+$/, '')}`.replace(/\.$/, '')
}

/** A number as Excel shows it in General format (15 significant digits), without exponent. */
export function formatNumber(raw: string): { text: string; lostDigits: boolean } {
  const trimmed = raw.trim()
  const n = Number(trimmed)
  if (trimmed === '' || !Number.isFinite(n)) return { text: trimmed, lostDigits: false }
  if (Number.isInteger(n)) {
    if (Math.abs(n) < 1e15) return { text: n === 0 ? '0' : String(n), lostDigits: false }
    // More than 15 digits: Excel keeps 15 significant ones. Show the digits the file holds.
    const text = /^-?\d+$/.test(trimmed) ? trimmed.replace(/^(-?)0+(?=\d)/, '$1') : expandExponent(n.toPrecision(15))
    return { text, lostDigits: true }
  }
  return { text: expandExponent(String(Number(n.toPrecision(15)))), lostDigits: false }
}

/** An ISO 8601 date/time of a t="d" cell as text. */
function isoToText(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s.trim())
  if (!m) return s.trim()
  const time = m[2] ? `${m[2]}:${m[3]}:${m[4] ?? '00'}` : '00:00:00'
  return time === '00:00:00' ? m[1]! : `${m[1]} ${time}`
}

// ---------------------------------------------------------------------------------------------------
// Worksheet

/** Column index (0-based) of a cell reference like "AB12", or -1. */
function refColumn(ref: string): number {
  let col = 0
  let i = 0
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64)
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96)
    else break
  }
  return i === 0 ? -1 : col - 1
}

function parseRange(ref: string): MergeRange | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim())
  if (!m) return undefined
  const left = refColumn(m[1]!)
  const top = Number(m[2])
  const right = m[3] ? refColumn(m[3]) : left
  const bottom = m[4] ? Number(m[4]) : top
  return { ref: ref.trim().replace(/\$/g, '').toUpperCase(), top: Math.min(top, bottom), bottom: Math.max(top, bottom), left: Math.min(left, right), right: Math.max(left, right) }
}

/**
 * The column (from r), style (s) and type (t) of a <c> element, in one pass over its attribute text
 * and without building strings (the hot path: one call per cell). Column -1 when r is absent.
 */
function cellAttributes(attrs: string, out: { col: number; style: number; type: string | undefined }): void {
  out.col = -1
  out.style = 0
  out.type = undefined
  const n = attrs.length
  let i = 0
  while (i < n) {
    while (i < n && attrs.charCodeAt(i) <= 32) i++
    const nameStart = i
    while (i < n && attrs.charCodeAt(i) > 32 && attrs.charCodeAt(i) !== 61) i++
    const nameEnd = i
    while (i < n && attrs.charCodeAt(i) <= 32) i++
    if (i >= n || attrs.charCodeAt(i) !== 61) break
    i++
    while (i < n && attrs.charCodeAt(i) <= 32) i++
    const quote = attrs.charCodeAt(i)
    if (quote !== 34 && quote !== 39) break
    const start = i + 1
    const end = attrs.indexOf(quote === 34 ? '"' : "'", start)
    if (end < 0) break
    if (nameEnd - nameStart === 1) {
      const name = attrs.charCodeAt(nameStart)
      if (name === 114) {
        let col = 0
        let j = start
        for (; j < end; j++) {
          const k = attrs.charCodeAt(j)
          if (k >= 65 && k <= 90) col = col * 26 + (k - 64)
          else if (k >= 97 && k <= 122) col = col * 26 + (k - 96)
          else break
        }
        out.col = j === start ? -1 : col - 1
      } else if (name === 115) {
        let style = 0
        for (let j = start; j < end; j++) style = style * 10 + (attrs.charCodeAt(j) - 48)
        out.style = Number.isFinite(style) && style >= 0 ? style : 0
      } else if (name === 116) {
        out.type = end - start === 1 ? attrs[start] : attrs.slice(start, end)
      }
    }
    i = end + 1
  }
}

const Capture = { None: 0, Value: 1, Formula: 2, Text: 3 } as const
type Capture = (typeof Capture)[keyof typeof Capture]

/** Reads sheetData and mergeCells; hands each row (cells trimmed, trailing empties dropped) to onRow. */
class WorksheetHandler implements XmlHandler {
  capturing = false
  stopped = false
  merges: MergeRange[] = []

  private inSheetData = false
  private rowNo = 0
  private cells: string[] | null = null
  private col = -1
  private cType: string | undefined
  private cStyle = 0
  private hasFormula = false
  private formula = ''
  private value: string | null = null
  private inline: string | null = null
  private inIs = false
  private phonetic = 0
  private capture: Capture = Capture.None
  private buf = ''
  /** Cells held so far (row lengths up to each row's last value), against MAX_CELLS. */
  private cellCount = 0
  private readonly attributes = { col: -1, style: 0, type: undefined as string | undefined }

  constructor(
    private readonly sst: string[],
    private readonly dateStyles: boolean[],
    private readonly date1904: boolean,
    private readonly problems: Problems,
    private readonly onRow: (row: RawRow) => boolean,
  ) {}

  open(name: string, attrs: string, selfClosing: boolean): void {
    switch (name) {
      case 'sheetData':
        this.inSheetData = true
        return
      case 'row': {
        if (!this.inSheetData) return
        const r = Number(attr(attrs, 'r'))
        this.rowNo = Number.isSafeInteger(r) && r > 0 ? r : this.rowNo + 1
        this.cells = []
        this.col = -1
        return
      }
      case 'c': {
        if (!this.cells) return
        const a = this.attributes
        cellAttributes(attrs, a)
        this.col = a.col < 0 ? this.col + 1 : a.col
        this.cType = a.type
        this.cStyle = a.style
        this.hasFormula = false
        this.formula = ''
        this.value = null
        this.inline = null
        this.inIs = false
        this.phonetic = 0
        return
      }
      case 'v':
        if (this.cells && !selfClosing) this.startCapture(Capture.Value)
        return
      case 'f':
        if (!this.cells) return
        this.hasFormula = true
        if (!selfClosing) this.startCapture(Capture.Formula)
        return
      case 'is':
        if (this.cells) {
          this.inIs = true
          this.inline = ''
        }
        return
      case 'rPh':
        this.phonetic++
        return
      case 't':
        if (this.cells && this.inIs && this.phonetic === 0 && !selfClosing) this.startCapture(Capture.Text)
        return
      case 'mergeCell': {
        const range = parseRange(attr(attrs, 'ref') ?? '')
        if (range) this.merges.push(range)
        return
      }
    }
  }

  private startCapture(kind: Capture): void {
    this.capture = kind
    this.capturing = true
    this.buf = ''
  }

  text(raw: string): void {
    this.buf += raw
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 'f':
      case 't': {
        if (this.capture === Capture.None) return
        const text = decodeXml(this.buf)
        if (this.capture === Capture.Value) this.value = text
        else if (this.capture === Capture.Formula) this.formula = text
        else this.inline = (this.inline ?? '') + text
        this.capture = Capture.None
        this.capturing = false
        return
      }
      case 'is':
        this.inIs = false
        return
      case 'rPh':
        this.phonetic--
        return
      case 'c':
        if (this.cells) this.finishCell()
        return
      case 'row':
        if (this.cells) {
          const cells = this.cells
          let n = cells.length
          while (n > 0 && (cells[n - 1] === undefined || cells[n - 1] === '')) n--
          cells.length = n
          for (let i = 0; i < n; i++) if (cells[i] === undefined) cells[i] = ''
          this.cells = null
          if (n > 0 && !this.onRow({ row: this.rowNo, cells })) this.stopped = true
        }
        return
      case 'sheetData':
        this.inSheetData = false
        return
    }
  }

  private finishCell(): void {
    const { problems, rowNo, col } = this
    if (col >= MAX_COLUMNS) return
    let text = ''
    let isString = false
    const v = this.value
    switch (this.cType) {
      case 's': {
        if (v === null) break
        const s = this.sst[Number(v)]
        if (s === undefined) {
          problems.cell('damaged_file', rowNo, col, (ref) => `${ref} refers to a shared text that does not exist; save the file again in Excel.`)
        } else text = s
        isString = true
        break
      }
      case 'inlineStr':
        text = decodeExcelEscapes(this.inline ?? v ?? '')
        isString = true
        break
      case 'str':
        text = decodeExcelEscapes(v ?? '')
        isString = true
        break
      case 'b':
        if (v !== null) text = v.trim() === '1' || v.trim().toLowerCase() === 'true' ? 'TRUE' : 'FALSE'
        break
      case 'e':
        if (v !== null) problems.cell('cell_error', rowNo, col, (ref) => `${ref} holds the error value ${v.trim()}; correct it or clear the cell.`)
        break
      case 'd':
        if (v !== null) text = isoToText(v)
        break
      default: {
        if (v === null || v.trim() === '') break
        if (this.dateStyles[this.cStyle]) {
          const d = serialToText(Number(v), this.date1904)
          if (d !== undefined) {
            text = d
            break
          }
        }
        const { text: t, lostDigits } = formatNumber(v)
        text = t
        if (lostDigits) {
          problems.cell(
            'number_lost_digits',
            rowNo,
            col,
            (ref) =>
              `${ref} holds a number of more than 15 digits; Excel keeps only 15, so its last digits are probably lost. Format the column as Text and type the values again (ID numbers always as text).`,
          )
        }
      }
    }
    if (this.hasFormula) {
      const f = this.formula.length > 60 ? `${this.formula.slice(0, 60)}…` : this.formula
      problems.cell(
        'formula',
        rowNo,
        col,
        (ref) =>
          `${ref} contains a formula${f ? ` (=${f})` : ''}; its last calculated value was read and may be out of date. Replace formulas with values (Paste Special → Values).`,
      )
    }
    if (isString && CONTROL_CHARACTER.test(text)) {
      problems.cell('control_character', rowNo, col, (ref) => `${ref} contains an invisible control character; delete it and type the value again.`)
    }
    const cells = this.cells!
    const value = text.trim()
    if (value === '' && col >= cells.length) return
    if (col >= cells.length) {
      this.cellCount += col + 1 - cells.length
      if (this.cellCount > MAX_CELLS) throw new LimitError(`it has more than ${MAX_CELLS} cells`)
      while (cells.length < col) cells.push('')
    }
    cells[col] = value
  }
}

/** Whether a worksheet has at least one cell with a value (stops at the first one). */
async function sheetHasValues(buf: Buffer, e: ZipEntry): Promise<boolean> {
  let carry = ''
  for await (const chunk of streamPart(buf, e)) {
    const s = carry + chunk
    if (/<(?:[\w.-]+:)?(?:v|is)[\s>]/.test(s)) return true
    carry = s.slice(-32)
  }
  return false
}

async function readXlsx(buf: Buffer, name: string, maxRows: number, problems: Problems): Promise<ReadSheetResult> {
  const entries = readZipDirectory(buf)
  const lookup = readWorkbookInfo(buf, entries, name)
  if (!lookup.ok) {
    problems.add({ code: lookup.code, message: lookup.message })
    return { format: 'xlsx', headers: [], headerRow: 0, rows: [], problems: problems.result() }
  }
  const { info } = lookup
  const sstEntry = entries.get((info.sharedStrings ?? 'xl/sharedStrings.xml').toLowerCase())
  const sst = sstEntry ? await readSharedStrings(buf, sstEntry) : []
  const dateStyles = readDateStyles(buf, entries.get((info.styles ?? 'xl/styles.xml').toLowerCase()))

  const visible = info.sheets.filter((s) => !s.hidden)
  const limit = maxRows + 1 + MAX_TITLE_ROWS
  for (let i = 0; i < visible.length; i++) {
    const sheet = visible[i]!
    const entry = entries.get(sheet.path.toLowerCase())
    if (!entry) throw new FileError(`the worksheet "${sheet.name}" is missing`)
    const rawRows: RawRow[] = []
    const handler = new WorksheetHandler(sst, dateStyles, info.date1904, problems, (row) => {
      rawRows.push(row)
      return rawRows.length <= limit
    })
    await scanPart(buf, entry, handler)
    if (rawRows.length === 0) continue

    const others: string[] = []
    for (const other of visible.slice(i + 1)) {
      const e = entries.get(other.path.toLowerCase())
      if (e && (await sheetHasValues(buf, e))) others.push(other.name)
    }
    if (others.length > 0) {
      problems.add({
        code: 'ignored_sheets',
        level: 'warning',
        message: `Only the worksheet "${sheet.name}" was read; ${others.length === 1 ? 'the worksheet' : 'the worksheets'} ${others.map((o) => `"${o}"`).join(', ')} ${others.length === 1 ? 'was' : 'were'} not. Upload each table as its own file.`,
      })
    }
    return assemble({ format: 'xlsx', sheetName: sheet.name }, rawRows, problems, { maxRows, merges: handler.merges, name })
  }
  problems.add({ code: 'empty_file', message: `${name} has no data: ${visible.length === 0 ? 'it has no visible worksheet' : 'every worksheet is empty'}.` })
  return { format: 'xlsx', headers: [], headerRow: 0, rows: [], problems: problems.result() }
}

// ---------------------------------------------------------------------------------------------------

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`
  return `${n} bytes`
}
