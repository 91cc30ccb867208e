// Tests of the export writers: formula neutralization (examples and a property), the XLSX written
// (string cells only, never formulas; numbers as numbers; long digit strings as text; bold, frozen
// header), CSV (BOM, CRLF, RFC 4180 quoting), and round trips writeXlsx/toCsv → readSheet over
// arbitrary strings (property): formula-looking text comes back with its leading apostrophe, which
// readSheet keeps on purpose.
import { inflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readSheet } from './sheet-reader.ts'
import { neutralizeFormula, toCsv, writeXlsx, type ExportColumn, type ExportRow } from './sheet-writer.ts'

/** The parts of a ZIP archive, as text (enough to look at the XML the writer produced). */
function unzipText(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>()
  let eocd = buf.length - 22
  while (buf.readUInt32LE(eocd) !== 0x06054b50) eocd--
  let p = buf.readUInt32LE(eocd + 16)
  for (let i = buf.readUInt16LE(eocd + 10); i > 0; i--) {
    const method = buf.readUInt16LE(p + 10)
    const size = buf.readUInt32LE(p + 20)
    const nameLength = buf.readUInt16LE(p + 28)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength)
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const raw = buf.subarray(start, start + size)
    out.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'))
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32)
  }
  return out
}

/** Whether a spreadsheet would read the text as a formula: the OWASP triggers, full-width and small forms, after whitespace. */
const TRIGGER = /^[\s\u00a0\u3000]*[=+\-@\t\r＝＋－＠﹦﹢﹣﹫]/

const COLUMNS: ExportColumn[] = [
  { key: 'name', header: '姓名' },
  { key: 'idNumber', header: '公民身份号码', width: 22 },
  { key: 'age', header: '年龄' },
  { key: 'note', header: '备注' },
]

describe('neutralizeFormula', () => {
  it('prefixes formula triggers, also after whitespace and in full-width form, with one apostrophe', () => {
    const triggered = ['=SUM(A1:A9)', '+8613912345678', '-1', '@SUM(1)', '\t=1', '\r=1', '  =HYPERLINK("http://x")', '\u3000=1', '\n-1', '＝1+1', '＋1', '－1', '＠x', '﹦1', '=', '\t', '\u00a0@']
    for (const t of triggered) expect(neutralizeFormula(t), JSON.stringify(t)).toBe(`'${t}`)
    for (const t of ['张三', '', ' ', '1+1', "'=1", 'a=b', '63010219900101123X', '0971-8123456', '城中区 - 南大街']) {
      expect(neutralizeFormula(t), JSON.stringify(t)).toBe(t)
    }
  })

  it('never returns text a spreadsheet reads as a formula, and changes nothing else (property)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.tuple(fc.constantFrom('', ' ', '\t', '\n', '\u3000', '\u00a0 '), fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫'), fc.string()).map((p) => p.join('')),
    )
    fc.assert(
      fc.property(text, (s) => {
        const out = neutralizeFormula(s)
        expect(TRIGGER.test(out)).toBe(false)
        expect(out === s || out === `'${s}`).toBe(true)
        expect(neutralizeFormula(out)).toBe(out)
      }),
      { numRuns: 500 },
    )
  })
})

describe('writeXlsx', () => {
  const rows: ExportRow[] = [
    { name: '张三', idNumber: '630102199001011234', age: 34, note: '=HYPERLINK("http://evil.example","点击")' },
    { name: '@李四', idNumber: '013912345678', age: -5, note: null },
    { name: '王五', idNumber: '63010219851203002X', age: 0.25, note: '+1 电话' },
  ]

  it('writes strings as string cells (never formulas), numbers as numbers, long digit strings as text', async () => {
    const data = await writeXlsx(COLUMNS, rows, { sheetName: '人口' })
    const parts = unzipText(data)
    const sheet = parts.get('xl/worksheets/sheet1.xml')!
    expect(sheet).not.toMatch(/<f[\s>]/)
    expect(sheet).toContain('&apos;=HYPERLINK')

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(data as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('人口')!
    for (let r = 1; r <= 4; r++) {
      ws.getRow(r).eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula))
    }
    expect(ws.getCell('C2').value).toBe(34)
    expect(ws.getCell('C3').value).toBe(-5)
    expect(ws.getCell('B2').text).toBe('630102199001011234')
    expect(ws.getCell('B2').numFmt).toBe('@')
    expect(ws.getCell('B3').numFmt).toBe('@')
    expect(ws.getCell('B4').numFmt).not.toBe('@')
    expect(ws.getCell('D2').text).toBe(`'=HYPERLINK("http://evil.example","点击")`)
    expect(ws.getCell('A3').text).toBe("'@李四")
    expect(ws.getCell('D4').text).toBe("'+1 电话")
    expect(ws.getCell('D3').value).toBeNull()
  })

  it('makes the header row bold and frozen, and sets column widths', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await writeXlsx(COLUMNS, rows)) as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getRow(1).values).toEqual([undefined, ...COLUMNS.map((c) => expect.objectContaining({ richText: [{ text: c.header }] }))])
    expect(ws.getCell('A1').font?.bold).toBe(true)
    expect(ws.getCell('A2').font?.bold).toBeFalsy()
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(ws.getColumn(2).width).toBe(22)
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(6)
  })

  it('takes an async iterable, sanitizes the sheet name and writes an empty export', async () => {
    async function* people(): AsyncGenerator<ExportRow> {
      for (let i = 0; i < 2_000; i++) yield { name: `人${i}`, idNumber: `63010219900101${String(i).padStart(4, '0')}`, age: i, note: i % 2 ? '=1' : '' }
    }
    const r = await readSheet(await writeXlsx(COLUMNS, people(), { sheetName: "'人口/名单[2024]:一二三四五六七八九十一二三四五六七八九十一二'" }))
    expect(r.sheetName).toBe('人口_名单_2024__一二三四五六七八九十一二三四五六七八九')
    expect(r.rows).toHaveLength(2_000)
    expect(r.rows[1]).toEqual({ row: 3, cells: ['人1', '630102199001010001', '1', "'=1"] })
    expect(r.problems).toEqual([])

    const empty = await readSheet(await writeXlsx(COLUMNS, []))
    expect(empty.headers).toEqual(COLUMNS.map((c) => c.header))
    expect(empty.problems.map((p) => p.code)).toEqual(['no_rows'])
  })

  it('keeps control characters, CR and literal _xHHHH_ text through Excel\'s escapes', async () => {
    const data = await writeXlsx([{ key: 'a', header: '备注' }], [{ a: 'a\u0001b\rc_x0041_d\uFFFF' }])
    expect(unzipText(data).get('xl/worksheets/sheet1.xml')).toContain('a_x0001_b_x000D_c_x005F_x0041_d_xFFFF_')
    const r = await readSheet(data)
    expect(r.rows[0]!.cells).toEqual(['a\u0001b\rc_x0041_d\uFFFF'])
    expect(r.problems.map((p) => p.code)).toEqual(['control_character'])
  })

  it('round-trips arbitrary text through readSheet: trimmed, formula-looking text with its apostrophe (property)', async () => {
    const text = fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', ' ', '\t', '\u3000'), fc.constantFrom('=', '+', '-', '@', '\r', '＝', '＠'), fc.string({ maxLength: 10 })).map((p) => p.join('')) },
      { weight: 1, arbitrary: fc.stringMatching(/^\d{12,20}$/) },
      { weight: 1, arbitrary: fc.constantFrom('_x0041_', '_x005F_', '\u0000', '\uFFFE', '&amp;', '<t>', ']]>') },
    )
    const cell = fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: fc.integer({ min: -1e9, max: 1e9 }) }, { weight: 1, arbitrary: fc.constant(null) })
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell, cell), { maxLength: 8 }), async (table) => {
        const columns = [
          { key: 'a', header: '甲' },
          { key: 'b', header: '乙' },
          { key: 'c', header: '丙' },
        ]
        const rows = table.map(([a, b, c]) => ({ a, b, c }))
        const expected = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : neutralizeFormula(v).trim())
        const want = table
          .map((cells, i) => ({ row: i + 2, cells: cells.map(expected) }))
          .filter((r) => r.cells.some((c) => c !== ''))

        for (const [format, data] of [
          ['xlsx', await writeXlsx(columns, rows)],
          ['csv', Buffer.from(toCsv(columns, rows), 'utf8')],
        ] as const) {
          const r = await readSheet(data)
          expect(r.format).toBe(format)
          expect(r.headers).toEqual(['甲', '乙', '丙'])
          if (want.length === 0) expect(r.rows).toEqual([])
          else expect(r.rows).toEqual(want)
          for (const p of r.problems) expect(['control_character', 'no_rows']).toContain(p.code)
          // Text never comes back armed (numbers are numbers: -1 is the number -1).
          for (const row of r.rows) {
            row.cells.forEach((c, i) => {
              if (typeof table[row.row - 2]![i] === 'string') expect(TRIGGER.test(c)).toBe(false)
            })
          }
        }
      }),
      { numRuns: 120 },
    )
  })
})

describe('toCsv', () => {
  it('writes a BOM, CRLF lines and RFC 4180 quoting, neutralized text and plain numbers', () => {
    const csv = toCsv(COLUMNS, [
      { name: '张三', idNumber: '63010219851203002X', age: 34, note: '住址: "城中区", 南大街\n1号' },
      { name: '=cmd|\' /C calc\'!A0', idNumber: null, age: -1.5, note: undefined },
    ])
    expect(csv).toBe(
      '\uFEFF姓名,公民身份号码,年龄,备注\r\n' +
        '张三,63010219851203002X,34,"住址: ""城中区"", 南大街\n1号"\r\n' +
        "'=cmd|' /C calc'!A0,,-1.5,\r\n",
    )
  })

  it('puts a tab before long digit strings so Excel keeps them as text', () => {
    const csv = toCsv([{ key: 'id', header: '身份证号' }], [{ id: '630102199001011234' }, { id: '0971' }, { id: '13912345678' }])
    expect(csv.split('\r\n').slice(1, 4)).toEqual(['\t630102199001011234', '\t0971', '13912345678'])
  })

  it('neutralizes formula-looking headers too and writes non-finite numbers as empty', () => {
    expect(toCsv([{ key: 'x', header: '=x' }], [{ x: Number.NaN }, { x: Number.POSITIVE_INFINITY }])).toBe("\uFEFF'=x\r\n\r\n\r\n")
  })
})
