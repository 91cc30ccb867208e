// Tests of readSheet: format detection by content, CSV (encodings, delimiters, quoting, cell counts),
// XLSX (values, dates, formulas, merges, errors, sheet choice) and limits. Every fixture is built here:
// XLSX files either with exceljs (what libraries write) or part by part with zipOf() below (what Excel
// and WPS write: parts in Excel's order, scientific-notation numbers, CJK built-in date formats, _xHHHH_
// escapes, inline rich text, namespace prefixes). No binary fixture is committed.
import { deflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatNumber, isDateFormat, MAX_CELLS, MAX_PROBLEMS_PER_CODE, readSheet, serialToText, type ReadSheetResult } from './sheet-reader.ts'

// ---------------------------------------------------------------------------------------------------
// Fixture builders

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf: Buffer): number {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** A ZIP archive of the given parts, in the given order (deflated unless `store`). */
function zipOf(parts: [string, string | Buffer][], { store = false } = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, content] of parts) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8')
    const packed = store ? data : deflateRawSync(data, { level: 1 })
    const nameBytes = Buffer.from(name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(store ? 0 : 8, 8)
    local.writeUInt32LE(crc32(data), 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(store ? 0 : 8, 10)
    central.writeUInt32LE(crc32(data), 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, packed)
    centrals.push(central, nameBytes)
    offset += local.length + nameBytes.length + packed.length
  }
  const cd = Buffer.concat(centrals)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(parts.length, 8)
  eocd.writeUInt16LE(parts.length, 10)
  eocd.writeUInt32LE(cd.length, 12)
  eocd.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, eocd])
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A cell: strings become inline strings, numbers numbers; `raw` is the inner XML of <c> as is. */
function c(ref: string, value: string | number | { raw: string; t?: string; s?: number }): string {
  if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`
  if (typeof value === 'string') return `<c r="${ref}" t="inlineStr"><is><t>${xmlEscape(value)}</t></is></c>`
  return `<c r="${ref}"${value.t ? ` t="${value.t}"` : ''}${value.s !== undefined ? ` s="${value.s}"` : ''}>${value.raw}</c>`
}

/** Rows of inline strings/numbers, starting at row 1 (null leaves a cell out). */
function rowsXml(rows: (string | number | null)[][], first = 1): string {
  return rows
    .map((cells, i) => {
      const r = first + i
      const inner = cells.map((v, col) => (v === null ? '' : c(`${String.fromCharCode(65 + col)}${r}`, v))).join('')
      return `<row r="${r}">${inner}</row>`
    })
    .join('')
}

function sheetXml(rows: string, tail = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>${rows}</sheetData>${tail}</worksheet>`
}

function mergesXml(refs: string[]): string {
  return `<mergeCells count="${refs.length}">${refs.map((r) => `<mergeCell ref="${r}"/>`).join('')}</mergeCells>`
}

function stylesXml(numFmts: { id: number; code: string }[], xfNumFmtIds: number[]): string {
  const fmts = numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${xmlEscape(f.code)}"/>`).join('')}</numFmts>` : ''
  return (
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${fmts}` +
    `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
    `<cellXfs count="${xfNumFmtIds.length}">${xfNumFmtIds.map((id) => `<xf numFmtId="${id}" applyNumberFormat="1"/>`).join('')}</cellXfs></styleSheet>`
  )
}

function sstXml(strings: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => (s.startsWith('<') ? `<si>${s}</si>` : `<si><t>${xmlEscape(s)}</t></si>`)).join('')}</sst>`
}

interface BookSpec {
  sheets: { name: string; xml: string; state?: 'hidden' | 'veryHidden'; file?: string }[]
  /** Shared strings: plain strings, or inner XML of <si> when starting with '<'. */
  sst?: string[]
  styles?: string
  date1904?: boolean
  /** Relationship targets as absolute paths (/xl/worksheets/…), as some generators write them. */
  absoluteTargets?: boolean
}

/** A workbook with its parts in the order Excel writes them (worksheets before styles and shared strings). */
function workbook(spec: BookSpec): Buffer {
  const files = spec.sheets.map((s, i) => s.file ?? `worksheets/sheet${i + 1}.xml`)
  const target = (t: string): string => (spec.absoluteTargets ? `/xl/${t}` : t)
  const rels = [
    ...files.map((f, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${target(f)}"/>`),
    `<Relationship Id="rIdS" Type="${REL}/styles" Target="${target('styles.xml')}"/>`,
    spec.sst ? `<Relationship Id="rIdT" Type="${REL}/sharedStrings" Target="${target('sharedStrings.xml')}"/>` : '',
  ].join('')
  const parts: [string, string][] = [
    ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'],
    ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    [
      'xl/workbook.xml',
      `<?xml version="1.0"?><workbook ${NS}>${spec.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${spec.sheets
        .map((s, i) => `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`],
    ...spec.sheets.map((s, i): [string, string] => [`xl/${files[i]}`, s.xml]),
    ['xl/styles.xml', spec.styles ?? stylesXml([], [0])],
  ]
  if (spec.sst) parts.push(['xl/sharedStrings.xml', sstXml(spec.sst)])
  return zipOf(parts)
}

/** A one-sheet workbook of inline strings and numbers. */
function simpleBook(rows: (string | number | null)[][], tail = ''): Buffer {
  return workbook({ sheets: [{ name: 'Sheet1', xml: sheetXml(rowsXml(rows), tail) }] })
}

async function exceljsBook(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('人口信息')
  build(ws, wb)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

let gbTable: Map<string, number[]> | undefined
/** GB18030 (two-byte GBK range) encoding, built by inverting the platform's decoder. */
function gb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map()
    const decoder = new TextDecoder('gb18030')
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue
        const ch = decoder.decode(Uint8Array.of(a, b))
        if (ch.length === 1 && ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, [a, b])
      }
    }
  }
  const table = gbTable
  const binary = text.replace(/[^\x00-\x7f]/gu, (ch) => {
    const pair = table.get(ch)
    if (!pair) throw new Error(`no GBK code for ${ch}`)
    return String.fromCharCode(...pair)
  })
  return Buffer.from(binary, 'latin1')
}

/** Deterministic pseudo-random bytes. */
function noise(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

const codes = (r: ReadSheetResult): string[] => r.problems.map((p) => p.code)
const problem = (r: ReadSheetResult, code: string) => r.problems.filter((p) => p.code === code)
const cellsOf = (r: ReadSheetResult): string[][] => r.rows.map((row) => row.cells)

function expectFatal(r: ReadSheetResult, code: string): void {
  expect(codes(r)).toEqual([code])
  expect(r.rows).toEqual([])
  expect(r.headers).toEqual([])
  expect(r.problems[0]!.message.length).toBeGreaterThan(10)
}

// ---------------------------------------------------------------------------------------------------

describe('format detection by content', () => {
  it('reports an empty file', async () => {
    expectFatal(await readSheet(Buffer.alloc(0), { filename: '人口.xlsx' }), 'empty_file')
  })

  it('refuses a file over maxBytes without reading it', async () => {
    const r = await readSheet(Buffer.from('姓名\n张三\n'), { maxBytes: 8 })
    expectFatal(r, 'file_too_large')
    expect(r.problems[0]!.message).toContain('8 bytes')
  })

  it('reports random binary data named .xlsx as not a spreadsheet', async () => {
    for (const seed of [1, 2, 3]) {
      const r = await readSheet(noise(4096, seed), { filename: 'data.xlsx' })
      expectFatal(r, 'not_a_spreadsheet')
    }
  })

  it('names well-known binary formats', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(100)])
    const r = await readSheet(png, { filename: 'photo.xlsx' })
    expectFatal(r, 'not_a_spreadsheet')
    expect(r.problems[0]!.message).toContain('PNG')
  })

  it('tells the user to save an old .xls as .xlsx, and recognises a password-protected workbook', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise(2000)])
    const xls = await readSheet(ole, { filename: 'old.xls' })
    expectFatal(xls, 'legacy_xls')
    expect(xls.format).toBe('xlsx')
    expect(xls.problems[0]!.message).toMatch(/\.xlsx/)
    const encrypted = Buffer.concat([ole, Buffer.from('EncryptionInfo', 'utf16le'), noise(100)])
    expectFatal(await readSheet(encrypted, { filename: 'secret.xlsx' }), 'encrypted_file')
  })

  it('reports a ZIP that is not a workbook', async () => {
    expectFatal(await readSheet(zipOf([['hello.txt', 'hello']]), { filename: 'a.xlsx' }), 'not_a_spreadsheet')
    const docx = zipOf([
      ['[Content_Types].xml', '<Types/>'],
      ['_rels/.rels', `<Relationships><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`],
      ['word/document.xml', '<document/>'],
    ])
    const r = await readSheet(docx)
    expectFatal(r, 'not_a_spreadsheet')
    expect(r.problems[0]!.message).toContain('Word')
  })

  it('reports spreadsheets in formats it does not read', async () => {
    const ods = zipOf([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', '<office:document-content/>']], { store: true })
    expectFatal(await readSheet(ods), 'unsupported_format')
    const xlsb = zipOf([
      ['[Content_Types].xml', '<Types/>'],
      ['_rels/.rels', `<Relationships><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.bin"/></Relationships>`],
      ['xl/workbook.bin', Buffer.from([1, 2, 3])],
    ])
    expectFatal(await readSheet(xlsb), 'unsupported_format')
    const html = Buffer.from('<html><body><table><tr><td>姓名</td></tr></table></body></html>')
    expectFatal(await readSheet(html, { filename: '导出.xls' }), 'unsupported_format')
    const xml2003 = Buffer.from('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>')
    expectFatal(await readSheet(xml2003, { filename: '导出.xls' }), 'unsupported_format')
  })

  it('ignores the file name: a CSV named .xlsx is read as CSV and a workbook named .csv as XLSX', async () => {
    const csv = await readSheet(Buffer.from('姓名,性别\n张三,男\n'), { filename: 'people.xlsx' })
    expect(csv.format).toBe('csv')
    expect(cellsOf(csv)).toEqual([['张三', '男']])
    const xlsx = await readSheet(simpleBook([['姓名'], ['李四']]), { filename: 'people.csv' })
    expect(xlsx.format).toBe('xlsx')
    expect(cellsOf(xlsx)).toEqual([['李四']])
  })

  it('reports a truncated or corrupted workbook as damaged, never throwing', async () => {
    const book = simpleBook([['姓名', '住址'], ['张三', '城中区']])
    expectFatal(await readSheet(book.subarray(0, Math.floor(book.length / 2))), 'damaged_file')
    // Damage inside the deflated worksheet (the directory stays intact).
    const sheetAt = book.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 'xl/worksheets/sheet1.xml'.length
    const broken = Buffer.from(book)
    for (let i = sheetAt + 5; i < sheetAt + 40; i++) broken[i] = 0xff
    const r = await readSheet(broken)
    expect(r.rows).toEqual([])
    expect(codes(r)).toContain('damaged_file')
  })

  it('never throws and returns no rows with a file-level problem, whatever the bytes (property)', async () => {
    const valid = await exceljsBook((ws) => {
      ws.addRow(['姓名', '公民身份号码', '现住址'])
      ws.addRow(['张三', '630102199001011234', '城中区'])
      ws.mergeCells('A3:B3')
    })
    const fatal = new Set(['empty_file', 'file_too_large', 'not_a_spreadsheet', 'legacy_xls', 'encrypted_file', 'unsupported_format', 'unknown_encoding', 'damaged_file', 'too_many_rows'])
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
          fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
            const b = Buffer.from(valid)
            for (const [at, byte] of edits) b[at] = byte
            return b
          }),
          fc.nat(valid.length).map((n) => valid.subarray(0, n)),
        ),
        async (data) => {
          const r = await readSheet(data)
          expect(['xlsx', 'csv']).toContain(r.format)
          for (const p of r.problems) expect(typeof p.message).toBe('string')
          if (r.problems.some((p) => fatal.has(p.code) && p.code !== 'damaged_file')) expect(r.rows).toEqual([])
          for (const row of r.rows) expect(row.cells.length).toBe(r.headers.length)
        },
      ),
      { numRuns: 150 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------

describe('CSV', () => {
  it('reads GB18030 (GBK) text with Chinese headers', async () => {
    const text = '姓名,公民身份号码,性别,现住址\r\n张三,630102199001011234,男,西宁市城中区南大街１号\r\n李四,63010219851203002X,女,"城东区,八一路"\r\n'
    const data = gb18030(text)
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(data)).toThrow()
    const r = await readSheet(data, { filename: '人口.csv' })
    expect(r).toMatchObject({ format: 'csv', encoding: 'gb18030', headerRow: 1, headers: ['姓名', '公民身份号码', '性别', '现住址'] })
    expect(r.rows).toEqual([
      { row: 2, cells: ['张三', '630102199001011234', '男', '西宁市城中区南大街１号'] },
      { row: 3, cells: ['李四', '63010219851203002X', '女', '城东区,八一路'] },
    ])
    expect(r.problems).toEqual([])
  })

  it('reads UTF-8 with a BOM (Excel\'s "CSV UTF-8") and strips the BOM from the first header', async () => {
    const r = await readSheet(Buffer.from('\uFEFF姓名,民族\r\n张三,汉族\r\n', 'utf8'))
    expect(r).toMatchObject({ encoding: 'utf-8', headers: ['姓名', '民族'] })
    expect(r.headers[0]!.charCodeAt(0)).toBe('姓'.charCodeAt(0))
    expect(cellsOf(r)).toEqual([['张三', '汉族']])
  })

  it('reads UTF-8 without a BOM and UTF-16 with one (Excel\'s "Unicode text", tab-delimited)', async () => {
    expect((await readSheet(Buffer.from('姓名,民族\n张三,回族\n'))).encoding).toBe('utf-8')
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t民族\r\n张三\t藏族\r\n', 'utf16le')])
    const r = await readSheet(utf16)
    expect(r).toMatchObject({ encoding: 'utf-16le', headers: ['姓名', '民族'] })
    expect(cellsOf(r)).toEqual([['张三', '藏族']])
  })

  it('reports text that is neither UTF-8 nor GB18030', async () => {
    expectFatal(await readSheet(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xff, 0x2c, 0x31, 0x0a])), 'unknown_encoding')
  })

  it('keeps newlines inside quoted fields and numbers rows as Excel shows them', async () => {
    const r = await readSheet(Buffer.from('姓名,备注,住址\r\n张三,"第一行\r\n第二行",A\r\n\r\n李四,"说""好""的",B\r\n'))
    expect(r.rows).toEqual([
      { row: 2, cells: ['张三', '第一行\r\n第二行', 'A'] },
      { row: 4, cells: ['李四', '说"好"的', 'B'] },
    ])
    expect(r.problems).toEqual([])
  })

  it('reports rows with the wrong number of cells, with their row numbers', async () => {
    const text = ['姓名,性别,住址', '张三,男,城中区', '李四,女', '王五,男,城东区,八一路', '赵六,女,城西区,', '钱七,男,城北区'].join('\n')
    const r = await readSheet(Buffer.from(text))
    const wrong = problem(r, 'wrong_cell_count')
    expect(wrong.map((p) => p.row)).toEqual([3, 4])
    expect(wrong[0]!.message).toContain('2 cells')
    expect(wrong[1]!.message).toMatch(/4 cells.*quotes/)
    // Rows are still returned, aligned with the header, for the importer to show.
    expect(r.rows.map((x) => x.cells)).toEqual([
      ['张三', '男', '城中区'],
      ['李四', '女', ''],
      ['王五', '男', '城东区'],
      ['赵六', '女', '城西区'],
      ['钱七', '男', '城北区'],
    ])
  })

  it('accepts the trailing empty fields Excel writes when some column further right is used', async () => {
    const r = await readSheet(Buffer.from('姓名,性别,,\n张三,男,,\n李四,女,,\n'))
    expect(r.headers).toEqual(['姓名', '性别'])
    expect(r.problems).toEqual([])
    expect(cellsOf(r)).toEqual([
      ['张三', '男'],
      ['李四', '女'],
    ])
  })

  it('reports values in a column without a header once per column', async () => {
    const r = await readSheet(Buffer.from('姓名,性别,\n张三,男,x\n李四,女,y\n王五,男,\n'))
    const p = problem(r, 'value_without_header')
    expect(p).toHaveLength(1)
    expect(p[0]).toMatchObject({ cell: 'C2', row: 2 })
    expect(p[0]!.message).toContain('2 values')
  })

  it('sniffs tab and semicolon delimiters from the header line, and honours a sep= line', async () => {
    expect(cellsOf(await readSheet(Buffer.from('姓名\t住址\n张三\t城中区,南大街\n')))).toEqual([['张三', '城中区,南大街']])
    expect(cellsOf(await readSheet(Buffer.from('姓名;住址\n张三;城中区,南大街\n')))).toEqual([['张三', '城中区,南大街']])
    const sep = await readSheet(Buffer.from('sep=;\r\n姓名;住址\r\n张三;城中区\r\n'))
    expect(sep).toMatchObject({ headerRow: 1, headers: ['姓名', '住址'] })
    expect(sep.rows).toEqual([{ row: 2, cells: ['张三', '城中区'] }])
  })

  it('skips blank rows, trims cells (full-width spaces too) and starts at the first non-blank row', async () => {
    const r = await readSheet(Buffer.from('\n , \n姓名 ,　性别\n　张三　, 男 \n,\n\n李四,女\n'))
    expect(r).toMatchObject({ headerRow: 3, headers: ['姓名', '性别'] })
    expect(r.rows).toEqual([
      { row: 4, cells: ['张三', '男'] },
      { row: 7, cells: ['李四', '女'] },
    ])
  })

  it('reports an unclosed quote with its row and keeps the rows before it', async () => {
    const r = await readSheet(Buffer.from('姓名,住址\n张三,城中区\n李四,"城东区\n王五,城西区\n'))
    expect(problem(r, 'csv_syntax')).toMatchObject([{ row: 3 }])
    expect(r.rows).toEqual([{ row: 2, cells: ['张三', '城中区'] }])
  })

  it('reports duplicate and empty headers', async () => {
    const r = await readSheet(Buffer.from('姓名,,电话,姓名\n张三,x,139,张\n'))
    expect(problem(r, 'empty_header')).toMatchObject([{ cell: 'B1', row: 1 }])
    expect(problem(r, 'duplicate_header')).toMatchObject([{ cell: 'D1', row: 1, column: '姓名' }])
    expect(r.headers).toEqual(['姓名', '', '电话', '姓名'])
  })

  it('reports control characters (tab and newline inside text are fine)', async () => {
    const r = await readSheet(Buffer.from('姓名,备注\n张\u0007三,"a\tb\nc"\n'))
    expect(problem(r, 'control_character')).toMatchObject([{ cell: 'A2', row: 2, column: '姓名' }])
  })

  it('reports a header-only file, a blank file and a file of blank lines', async () => {
    const header = await readSheet(Buffer.from('姓名,住址\r\n,\r\n'))
    expect(codes(header)).toEqual(['no_rows'])
    expect(header).toMatchObject({ headers: ['姓名', '住址'], headerRow: 1, rows: [] })
    expectFatal(await readSheet(Buffer.from('\r\n \r\n,,\r\n')), 'empty_file')
  })

  it('reports too many rows with the limit, and accepts exactly the limit', async () => {
    const text = (n: number): Buffer => Buffer.from(['姓名,编号', ...Array.from({ length: n }, (_, i) => `人${i},${i}`)].join('\n'))
    const over = await readSheet(text(11), { maxRows: 10 })
    expect(codes(over)).toEqual(['too_many_rows'])
    expect(over.problems[0]!.message).toContain('10')
    expect(over.rows).toEqual([])
    expect(over.headers).toEqual(['姓名', '编号'])
    const exact = await readSheet(text(10), { maxRows: 10 })
    expect(exact.problems).toEqual([])
    expect(exact.rows).toHaveLength(10)
  })

  it('stops reading once the limit is passed (a syntax error further down is never reached)', async () => {
    const text = ['姓名', ...Array.from({ length: 20 }, (_, i) => `人${i}`), '"never closed'].join('\n')
    expect(codes(await readSheet(Buffer.from(text), { maxRows: 5 }))).toEqual(['too_many_rows'])
  })

  it('lists at most MAX_PROBLEMS_PER_CODE problems of one code and counts the rest', async () => {
    const n = MAX_PROBLEMS_PER_CODE + 7
    const text = ['姓名,性别', ...Array.from({ length: n }, (_, i) => `人${i}`)].join('\n')
    const r = await readSheet(Buffer.from(text))
    expect(problem(r, 'wrong_cell_count')).toHaveLength(MAX_PROBLEMS_PER_CODE)
    expect(problem(r, 'too_many_problems')).toHaveLength(1)
    expect(problem(r, 'too_many_problems')[0]!.message).toContain('7 more "wrong_cell_count"')
    expect(r.rows).toHaveLength(n)
  })

  it('reports long numbers Excel saved in scientific notation (their digits are gone)', async () => {
    const r = await readSheet(Buffer.from('姓名,身份证号,面积\r\n张三,6.30102E+17,2.5E+3\r\n'))
    expect(problem(r, 'number_lost_digits')).toMatchObject([{ cell: 'B2', row: 2, column: '身份证号' }])
    expect(cellsOf(r)).toEqual([['张三', '6.30102E+17', '2.5E+3']])
  })

  it('reads 100,000 rows × 20 columns', async () => {
    const lines = [Array.from({ length: 20 }, (_, i) => `列${i + 1}`).join(',')]
    for (let r = 0; r < 100_000; r++) lines.push(Array.from({ length: 20 }, (_, i) => (i === 0 ? `630102${String(r).padStart(12, '0')}` : `值${r}-${i}`)).join(','))
    const result = await readSheet(gb18030(lines.join('\r\n')))
    expect(result.encoding).toBe('gb18030')
    expect(result.problems).toEqual([])
    expect(result.rows).toHaveLength(100_000)
    expect(result.rows[99_999]).toEqual({ row: 100_001, cells: Array.from({ length: 20 }, (_, i) => (i === 0 ? '630102000000099999' : `值99999-${i}`)) })
  })
})

// ---------------------------------------------------------------------------------------------------

describe('XLSX written by exceljs', () => {
  it('reads strings, numbers, booleans, dates, rich text and hyperlinks as text', async () => {
    const data = await exceljsBook((ws) => {
      ws.addRow(['姓名', '年龄', '党员', '出生日期', '登记时间', '备注', '主页', '经度'])
      const row = ws.addRow([
        '张三',
        42,
        true,
        new Date(Date.UTC(1990, 0, 31)),
        new Date(Date.UTC(2024, 2, 1, 8, 30, 15)),
        { richText: [{ text: '低保' }, { font: { bold: true }, text: '户' }] },
        { text: '社区主页', hyperlink: 'https://example.org/' },
        101.7789163,
      ])
      row.getCell(4).numFmt = 'yyyy-mm-dd'
      row.getCell(5).numFmt = 'yyyy-mm-dd hh:mm:ss'
      ws.addRow(['李四', 0.5, false, null, null, '', '', -36.75])
    })
    const r = await readSheet(data)
    expect(r).toMatchObject({ format: 'xlsx', sheetName: '人口信息', headerRow: 1 })
    expect(r.problems).toEqual([])
    expect(cellsOf(r)).toEqual([
      ['张三', '42', 'TRUE', '1990-01-31', '2024-03-01 08:30:15', '低保户', '社区主页', '101.7789163'],
      ['李四', '0.5', 'FALSE', '', '', '', '', '-36.75'],
    ])
  })

  it('reports formulas with their cell and keeps only the cached result; never evaluates', async () => {
    const data = await exceljsBook((ws) => {
      ws.addRow(['姓', '名', '姓名', '人数'])
      ws.addRow(['张', '三', { formula: 'A2&B2', result: '张三' }, { formula: '1+1' }])
      ws.addRow(['李', '四', { sharedFormula: 'C2', result: '李四' }, 3])
    })
    const r = await readSheet(data)
    const formulas = problem(r, 'formula')
    expect(formulas.map((p) => p.cell)).toEqual(['C2', 'D2', 'C3'])
    expect(formulas[0]).toMatchObject({ row: 2, column: '姓名' })
    expect(formulas[0]!.message).toContain('=A2&B2')
    expect(cellsOf(r)).toEqual([
      ['张', '三', '张三', ''],
      ['李', '四', '李四', '3'],
    ])
  })

  it('reports error values', async () => {
    const data = await exceljsBook((ws) => {
      ws.addRow(['姓名', '网格'])
      ws.addRow(['张三', { error: '#N/A' }])
    })
    const r = await readSheet(data)
    expect(problem(r, 'cell_error')).toMatchObject([{ cell: 'B2', row: 2, column: '网格' }])
    expect(problem(r, 'cell_error')[0]!.message).toContain('#N/A')
    expect(cellsOf(r)).toEqual([['张三', '']])
  })

  it('reports merged cells in the data and in the header, with their ranges', async () => {
    const data = await exceljsBook((ws) => {
      ws.addRow(['户号', '姓名', '联系方式', ''])
      ws.addRow(['H001', '张三', '139', '010'])
      for (let i = 0; i < 6; i++) ws.addRow([null, `成员${i}`, '', ''])
      ws.mergeCells('C1:D1')
      ws.mergeCells('A5:A9')
      ws.mergeCells('F3:G4') // formatting beyond the table: not reported
    })
    const r = await readSheet(data)
    expect(problem(r, 'merged_header')).toMatchObject([{ cell: 'C1:D1', row: 1, column: '联系方式' }])
    expect(problem(r, 'merged_cells')).toMatchObject([{ cell: 'A5:A9', row: 5, column: '户号' }])
    // Nothing is filled in: only the top-left cell of a merge has a value.
    expect(r.rows.find((x) => x.row === 6)!.cells[0]).toBe('')
  })

  it('reports an ID number stored as a number (its digits are lost) and keeps 15-digit numbers', async () => {
    const data = await exceljsBook((ws) => {
      ws.addRow(['姓名', '公民身份号码', '旧身份证号', '电话'])
      ws.addRow(['张三', 630102199001011234, 630102900101123, 13912345678])
    })
    const r = await readSheet(data)
    expect(problem(r, 'number_lost_digits')).toMatchObject([{ cell: 'B2', row: 2, column: '公民身份号码' }])
    const [row] = cellsOf(r)
    expect(row![1]).toMatch(/^6301021990010112\d\d$/)
    expect(row!.slice(2)).toEqual(['630102900101123', '13912345678'])
  })

  it('skips a title banner above the header with a warning', async () => {
    const data = await exceljsBook((ws) => {
      ws.addRow(['南大街社区实有人口登记表'])
      ws.mergeCells('A1:D1')
      ws.addRow([])
      ws.addRow(['姓名', '性别', '民族', '现住址'])
      ws.addRow(['张三', '男', '汉族', '南大街1号'])
    })
    const r = await readSheet(data)
    expect(r).toMatchObject({ headerRow: 3, headers: ['姓名', '性别', '民族', '现住址'] })
    expect(r.problems).toMatchObject([{ code: 'title_row', level: 'warning', row: 1, cell: 'A1:D1' }])
    expect(r.rows).toEqual([{ row: 4, cells: ['张三', '男', '汉族', '南大街1号'] }])
  })

  it('reads the first worksheet with values, skipping empty and hidden ones, and names the ignored ones', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('空白')
    const hidden = wb.addWorksheet('字典', { state: 'hidden' })
    hidden.addRow(['民族'])
    hidden.addRow(['汉族'])
    const people = wb.addWorksheet('人口')
    people.addRow(['姓名'])
    people.addRow(['张三'])
    wb.addWorksheet('楼栋').addRow(['楼栋名称'])
    wb.addWorksheet('说明2')
    const r = await readSheet(Buffer.from(await wb.xlsx.writeBuffer()))
    expect(r.sheetName).toBe('人口')
    expect(cellsOf(r)).toEqual([['张三']])
    expect(r.problems).toMatchObject([{ code: 'ignored_sheets', level: 'warning' }])
    expect(r.problems[0]!.message).toContain('"楼栋"')
    expect(r.problems[0]!.message).not.toContain('说明2')
  })

  it('reports a header-only sheet and a workbook without values', async () => {
    const header = await readSheet(await exceljsBook((ws) => ws.addRow(['姓名', '住址'])))
    expect(codes(header)).toEqual(['no_rows'])
    expect(header.headers).toEqual(['姓名', '住址'])
    expectFatal(await readSheet(await exceljsBook(() => {})), 'empty_file')
  })

  it('reports too many rows with a small maxRows', async () => {
    const data = await exceljsBook((ws) => {
      ws.addRow(['编号'])
      for (let i = 0; i < 30; i++) ws.addRow([i])
    })
    const r = await readSheet(data, { maxRows: 29 })
    expect(codes(r)).toEqual(['too_many_rows'])
    expect(r.rows).toEqual([])
    expect((await readSheet(data, { maxRows: 30 })).rows).toHaveLength(30)
  })
})

// ---------------------------------------------------------------------------------------------------

describe('XLSX as Excel and WPS write it', () => {
  it('reads an ID number Excel stored in scientific notation as its 15 kept digits, and reports it', async () => {
    const data = workbook({
      sheets: [{ name: '人口', xml: sheetXml(`<row r="1">${c('A1', { raw: '<v>0</v>', t: 's' })}${c('B1', { raw: '<v>1</v>', t: 's' })}</row><row r="2">${c('A2', { raw: '<v>2</v>', t: 's' })}${c('B2', { raw: '<v>6.30102199001011E+17</v>' })}</row>`) }],
      sst: ['姓名', '身份证号', '张三'],
    })
    const r = await readSheet(data)
    expect(cellsOf(r)).toEqual([['张三', '630102199001011000']])
    expect(problem(r, 'number_lost_digits')).toMatchObject([{ cell: 'B2', column: '身份证号' }])
  })

  it('renders numbers as Excel shows them: no exponent, no ".0", 15 significant digits', async () => {
    const values = ['42', '42.0', '-0', '0.1', '0.30000000000000004', '1E-7', '1.5E-10', '123456789012345', '2.5E+3', '-17.25']
    const xml = sheetXml(`<row r="1">${values.map((_, i) => c(`${String.fromCharCode(65 + i)}1`, `h${i}`)).join('')}</row><row r="2">${values.map((v, i) => c(`${String.fromCharCode(65 + i)}2`, { raw: `<v>${v}</v>` })).join('')}</row>`)
    const r = await readSheet(workbook({ sheets: [{ name: 's', xml }] }))
    expect(r.problems).toEqual([])
    expect(cellsOf(r)).toEqual([['42', '42', '0', '0.1', '0.3', '0.0000001', '0.00000000015', '123456789012345', '2500', '-17.25']])
  })

  it('reads dates in built-in CJK formats, custom Chinese formats, times, and the 1904 system', async () => {
    const styles = stylesXml([{ id: 176, code: 'yyyy"年"m"月"d"日"' }, { id: 177, code: '[$-F800]dddd, mmmm dd, yyyy' }, { id: 178, code: '0.00_ ' }], [0, 14, 31, 57, 176, 177, 178, 20, 22])
    const dates = [
      { raw: '<v>32874</v>', s: 1 },
      { raw: '<v>32874</v>', s: 2 },
      { raw: '<v>32874</v>', s: 3 },
      { raw: '<v>32874</v>', s: 4 },
      { raw: '<v>32874</v>', s: 5 },
      { raw: '<v>0.5</v>', s: 7 },
      { raw: '<v>45352.354340277778</v>', s: 8 },
      { raw: '<v>1990-01-01T00:00:00</v>', t: 'd' },
    ]
    const xml = sheetXml(
      `<row r="1">${dates.map((_, i) => c(`${String.fromCharCode(65 + i)}1`, `d${i}`)).join('')}</row>` +
        `<row r="2">${dates.map((d, i) => c(`${String.fromCharCode(65 + i)}2`, d)).join('')}</row>`,
    )
    const r = await readSheet(workbook({ sheets: [{ name: 's', xml }], styles }))
    expect(cellsOf(r)).toEqual([['1990-01-01', '1990-01-01', '1990-01-01', '1990-01-01', '1990-01-01', '12:00:00', '2024-03-01 08:30:15', '1990-01-01']])
    const general = await readSheet(workbook({ sheets: [{ name: 's', xml: sheetXml(`<row r="1">${c('A1', 'h')}</row><row r="2">${c('A2', { raw: '<v>32874</v>', s: 6 })}</row>`) }], styles }))
    expect(cellsOf(general)).toEqual([['32874']])
    const in1904 = await readSheet(workbook({ sheets: [{ name: 's', xml: sheetXml(`<row r="1">${c('A1', 'h')}</row><row r="2">${c('A2', { raw: '<v>31412</v>', s: 1 })}</row>`) }], styles, date1904: true }))
    expect(cellsOf(in1904)).toEqual([['1990-01-01']])
  })

  it('concatenates rich text (shared and inline) without phonetic runs, and decodes entities and _xHHHH_ escapes', async () => {
    const sst = [
      '姓名',
      '备注',
      '<r><t>张</t></r><r><rPr><b/></rPr><t xml:space="preserve">三 </t></r><rPh sb="0" eb="1"><t>ちょう</t></rPh><phoneticPr fontId="1" type="noConversion"/>',
      '<t>a&amp;b &#x4E2D;&#25991; _x005F_x0041_ 1_x000D_2</t>',
    ]
    const xml = sheetXml(
      `<row r="1">${c('A1', { raw: '<v>0</v>', t: 's' })}${c('B1', { raw: '<v>1</v>', t: 's' })}</row>` +
        `<row r="2">${c('A2', { raw: '<v>2</v>', t: 's' })}${c('B2', { raw: '<v>3</v>', t: 's' })}</row>` +
        `<row r="3">${c('A3', { raw: '<is><r><t>李</t></r><r><t>四</t></r></is>', t: 'inlineStr' })}${c('B3', { raw: '<is><t><![CDATA[<b>&x]]></t></is>', t: 'inlineStr' })}</row>`,
    )
    const r = await readSheet(workbook({ sheets: [{ name: 's', xml }], sst }))
    expect(cellsOf(r)).toEqual([
      ['张三', 'a&b 中文 _x0041_ 1\r2'],
      ['李四', '<b>&x'],
    ])
    expect(r.problems).toEqual([])
  })

  it('reports control characters Excel stored as _xHHHH_ escapes', async () => {
    const xml = sheetXml(`<row r="1">${c('A1', '姓名')}</row><row r="2">${c('A2', '张_x0001_三')}</row>`)
    const r = await readSheet(workbook({ sheets: [{ name: 's', xml }] }))
    expect(cellsOf(r)).toEqual([['张\u0001三']])
    expect(problem(r, 'control_character')).toMatchObject([{ cell: 'A2', column: '姓名' }])
  })

  it('reads booleans, errors, formula strings, cells without references and namespace prefixes', async () => {
    const xml =
      `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
      `<x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>c</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>d</x:t></x:is></x:c></x:row>` +
      `<x:row><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#DIV/0!</x:v></x:c><x:c t="str"><x:f>UPPER("x")</x:f><x:v>X</x:v></x:c><x:c><x:v>7</x:v></x:c></x:row>` +
      `</x:sheetData></x:worksheet>`
    const r = await readSheet(workbook({ sheets: [{ name: 's', xml }], absoluteTargets: true }))
    expect(r.headers).toEqual(['a', 'b', 'c', 'd'])
    expect(cellsOf(r)).toEqual([['TRUE', '', 'X', '7']])
    expect(r.problems.map((p) => [p.code, p.cell])).toEqual([
      ['cell_error', 'B2'],
      ['formula', 'C2'],
    ])
  })

  it('drops trailing empty columns, reports empty and duplicate headers and values outside the header', async () => {
    const r = await readSheet(simpleBook([['姓名', null, '电话', '姓名', ''], ['张三', 'x', '139', '张', ''], ['李四', null, null, null, null, 'y']]))
    expect(r.headers).toEqual(['姓名', '', '电话', '姓名'])
    expect(cellsOf(r)).toEqual([
      ['张三', 'x', '139', '张'],
      ['李四', '', '', ''],
    ])
    expect(r.problems.map((p) => [p.code, p.cell, p.row])).toEqual([
      ['empty_header', 'B1', 1],
      ['duplicate_header', 'D1', 1],
      ['value_without_header', 'F3', 3],
    ])
  })

  it('refuses a sheet that would need more than MAX_CELLS cells in memory (one value far right in every row)', async () => {
    const rows = Array.from({ length: Math.ceil(MAX_CELLS / 16_384) + 10 }, (_, i) => `<row r="${i + 1}"><c r="XFD${i + 1}"><v>1</v></c></row>`).join('')
    const r = await readSheet(workbook({ sheets: [{ name: 's', xml: sheetXml(rows) }] }))
    expect(codes(r)).toEqual(['file_too_large'])
    expect(r.rows).toEqual([])
  })

  it('stops reading a large sheet at maxRows (damage further down is never reached)', async () => {
    const rows = rowsXml([['编号'], ...Array.from({ length: 40 }, (_, i) => [i])])
    const truncated = `<?xml version="1.0"?><worksheet ${NS}><sheetData>${rows}<row r="50"><c r="A50"><v>1`
    const data = workbook({ sheets: [{ name: 's', xml: truncated }] })
    expect(codes(await readSheet(data, { maxRows: 10 }))).toEqual(['too_many_rows'])
    expect(codes(await readSheet(data))).toEqual(['damaged_file'])
  })

  it('reads 100,000 rows × 20 columns of shared strings, numbers and dates', async () => {
    // Shared strings: the 20 headers, one address, then one ID number per row (as Excel stores text).
    const shared = [...Array.from({ length: 20 }, (_, i) => `列${i + 1}`), '城中区南大街社区']
    const rows: string[] = [`<row r="1">${shared.slice(0, 20).map((_, i) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>${i}</v></c>`).join('')}</row>`]
    for (let r = 2; r <= 100_001; r++) {
      const cells: string[] = []
      for (let i = 0; i < 20; i++) {
        const ref = `${String.fromCharCode(65 + i)}${r}`
        if (i === 0) {
          shared.push(`630102${String(r).padStart(12, '0')}`)
          cells.push(`<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`)
        } else if (i === 1) cells.push(`<c r="${ref}" s="1"><v>${32874 + (r % 1000)}</v></c>`)
        else if (i % 3 === 0) cells.push(`<c r="${ref}"><v>${r * 20 + i}</v></c>`)
        else cells.push(`<c r="${ref}" t="s"><v>20</v></c>`)
      }
      rows.push(`<row r="${r}" spans="1:20">${cells.join('')}</row>`)
    }
    const data = workbook({ sheets: [{ name: '人口', xml: sheetXml(rows.join('')) }], sst: shared, styles: stylesXml([], [0, 14]) })
    const result = await readSheet(data)
    expect(result.problems).toEqual([])
    expect(result.headers).toEqual(shared.slice(0, 20))
    expect(result.rows).toHaveLength(100_000)
    for (const at of [0, 54_321, 99_999]) {
      const r = at + 2
      const row = result.rows[at]!
      expect(row.row).toBe(r)
      expect(row.cells).toHaveLength(20)
      expect(row.cells[0]).toBe(`630102${String(r).padStart(12, '0')}`)
      expect(row.cells[1]).toBe(serialToText(32874 + (r % 1000)))
      expect(row.cells[2]).toBe('城中区南大街社区')
      expect(row.cells[3]).toBe(String(r * 20 + 3))
    }
  })
})

// ---------------------------------------------------------------------------------------------------

describe('value rendering', () => {
  it('formats numbers', () => {
    expect(formatNumber('6.30102199001011E+17')).toEqual({ text: '630102199001011000', lostDigits: true })
    expect(formatNumber('630102199001011234')).toEqual({ text: '630102199001011234', lostDigits: true })
    expect(formatNumber('999999999999999')).toEqual({ text: '999999999999999', lostDigits: false })
    expect(formatNumber('1E+15')).toEqual({ text: '1000000000000000', lostDigits: true })
    expect(formatNumber('-12.50')).toEqual({ text: '-12.5', lostDigits: false })
    expect(formatNumber('abc')).toEqual({ text: 'abc', lostDigits: false })
  })

  it('recognises date formats', () => {
    for (const f of ['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', 'h:mm:ss', '[$-F800]dddd, mmmm dd, yyyy', 'm/d/yy', '[h]:mm', 'e"年"m"月"', '[DBNum1][$-804]yyyy"年"m"月"d"日"']) {
      expect(isDateFormat(f), f).toBe(true)
    }
    for (const f of ['General', '0.00', '#,##0 "元"', '0.00E+00', '@', '[Red]0.00', '[DBNum1][$-804]General', '0_);(0)', '"年龄"0']) {
      expect(isDateFormat(f), f).toBe(false)
    }
  })

  it('converts serial dates', () => {
    expect(serialToText(1)).toBe('1900-01-01')
    expect(serialToText(59)).toBe('1900-02-28')
    expect(serialToText(61)).toBe('1900-03-01')
    expect(serialToText(45352.999999999)).toBe('2024-03-02')
    expect(serialToText(0.75)).toBe('18:00:00')
    expect(serialToText(0, true)).toBe('1904-01-01')
    expect(serialToText(-1)).toBeUndefined()
    expect(serialToText(6.30102199001011e17)).toBeUndefined()
  })
})
