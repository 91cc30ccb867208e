// Generates the records of one grid from its plan: buildings and rooms, households and their
// people, residence history, list entries, rentals, organizations, facilities and concerns. Pure and
// deterministic: a grid's records depend on the seed, the grid, the plan and the order grids are
// generated in (identifiers that must be unique city-wide come from shared issuers).
//
// Person rows leave their encrypted columns empty; `secrets` holds the plaintext (ID number, phone)
// the caller encrypts into them (crypto.ts), so the expensive part can run elsewhere.
import { normalizeAddress } from '../../../../shared/registry/address.ts'
import type { CopyValue } from '../../../infra/db/copy.ts'
import type { ResidenceCategory } from '../../registry/registry.tables.ts'
import { GRID_WORKER_PREFIX } from '../demo-accounts.ts'
import { composeHousehold, type MemberSpec } from './households.ts'
import { educationFor, ethnicityFor, maritalStatusFor, politicalStatusFor, religionFor, workplaceFor } from './attributes.ts'
import { listEntriesFor, lowIncomeFor } from './lists.ts'
import type { BuildingPlan, GridPlan } from './model.ts'
import { hasFamilySurname, personName, surnameOf, anyName, type Sex } from './names.ts'
import { CreditCodeIssuer, IdNumberIssuer, PhoneIssuer, isoDate, timestamp } from './numbers.ts'
import { CONCERN_CLOSINGS, concernFor, facilityStateFor, facilityTypeFor, organizationFor, siteOf } from './places.ts'
import { issuingCode, originOf, OVERSEAS_REGIONS, PLACES, XINING_COUNTIES } from './regions.ts'
import { Rng } from './rng.ts'
import type { IdTable, Rows } from './tables.ts'

const DAY = 86_400_000
/** The registry has been kept for about five years before the reference date. */
export const HISTORY_DAYS = 1826

export interface GenerationContext {
  seed: number
  /** Midnight (UTC) of the reference date: nobody is born after it, nothing happens after it. */
  todayMs: number
  nextId: Record<IdTable, number>
  idNumbers: IdNumberIssuer
  phones: PhoneIssuer
  creditCodes: CreditCodeIssuer
  /** Serial counters of household numbers (per district and kind) and facility codes (per district and kind). */
  serials: Map<string, number>
}

export function newContext(seed: number, todayMs: number, firstIds: Record<IdTable, number>): GenerationContext {
  return {
    seed,
    todayMs,
    nextId: { ...firstIds },
    idNumbers: new IdNumberIssuer(),
    phones: new PhoneIssuer(seed),
    creditCodes: new CreditCodeIssuer(seed),
    serials: new Map(),
  }
}

/** Plaintext of the encrypted columns, by row index of `rows.person` / `rows.organization`. */
export interface Secrets {
  personIds: string[]
  personPhones: (string | null)[]
  organizationPhones: (string | null)[]
}

export interface GridOutput {
  persons: number
}

interface RoomRec {
  id: number
  building: BuildingPlan
  address: string
  use: 'residential' | 'commercial' | 'office' | 'storage' | 'other'
}

interface PersonRec {
  id: number
  name: string
  surname: string
  sex: Sex
  age: number
  birthYear: number
  category: ResidenceCategory
  household: number
  room: RoomRec
  phone: string | null
  active: boolean
  createdDaysAgo: number
  movedInDaysAgo: number
  relation: string
  status: 'active' | 'moved_out' | 'deceased'
  statusDaysAgo: number
}

const serial = (ctx: GenerationContext, key: string) => {
  const n = (ctx.serials.get(key) ?? 0) + 1
  ctx.serials.set(key, n)
  return n
}

const point = (x: number, y: number) => `SRID=4326;POINT(${x} ${y})`

const OVERSEAS_PLACES: Readonly<Record<string, string>> = {
  '810000': '香港特别行政区',
  '820000': '澳门特别行政区',
  '830000': '台湾地区',
  '963410': '大韩民国',
  '963392': '日本',
  '963586': '巴基斯坦伊斯兰共和国',
  '963524': '尼泊尔',
  '963840': '美利坚合众国',
  '963643': '俄罗斯联邦',
}

/** Generates every record of one grid into `rows` (and the plaintext to encrypt into `secrets`). */
export function generateGrid(plan: GridPlan, ctx: GenerationContext, rows: Rows, secrets: Secrets): GridOutput {
  const g = plan.grid
  const gw = GRID_WORKER_PREFIX + g.code
  const rng = new Rng(`people:${g.code}`, ctx.seed)
  const rural = g.kind === 'rural'
  const district = g.districtCode
  const today = ctx.todayMs
  /** A moment (ms) `days` (at least one) before the reference date, in office hours (China time). */
  const at = (days: number) => today - Math.max(1, days) * DAY + 1_800_000 + Math.floor(rng.next() * 34_200_000)
  /** A moment `days` before the reference date, but not before `base`. */
  const later = (base: number, days: number) => {
    const d = at(days)
    return d > base ? d : base + 60_000
  }
  const dateAgo = (days: number) => isoDate(today - Math.max(1, days) * DAY)
  /** When a record was first entered: most in the first survey (the first 18 months), the rest since. */
  const enteredDaysAgo = () => (rng.chance(0.82) ? rng.int(HISTORY_DAYS - 540, HISTORY_DAYS) : rng.int(0, HISTORY_DAYS))
  const updatedAgo = (created: number) => (rng.chance(0.4) ? rng.int(0, created) : created)
  const daysBefore = (ms: number) => Math.floor((today - ms) / DAY)

  // Buildings.
  for (const b of plan.buildings) {
    b.id = ctx.nextId.building++
    const created = at(enteredDaysAgo())
    rows.building.push([
      b.id, g.code, b.name, b.address, normalizeAddress(b.address), b.use, b.floors, b.builtYear, b.hazard, point(b.x, b.y),
      timestamp(created), gw, timestamp(later(created, updatedAgo(daysBefore(created)))), gw,
    ])
  }

  // Rooms: residential rooms in units (1单元1202室), shops and offices without a unit (101室), one per village house.
  const homes: RoomRec[] = []
  const shops: RoomRec[] = []
  const addRoom = (b: BuildingPlan, unit: string, floor: number, number: string, use: RoomRec['use'], address: string) => {
    const id = ctx.nextId.room++
    const area = use === 'residential' ? (rural ? rng.int(80, 220) : rng.int(48, 140)) : rng.int(20, 300)
    rows.room.push([id, b.id, unit, floor, number, use, area])
    const r: RoomRec = { id, building: b, address, use }
    if (use === 'residential') homes.push(r)
    else if (use === 'commercial' || use === 'office') shops.push(r)
    return r
  }
  for (const b of plan.buildings) {
    if (rural && b.use === 'residential') {
      addRoom(b, '', 1, '1', 'residential', b.address)
      continue
    }
    const unitless = b.use !== 'residential' && b.use !== 'mixed'
    const use: RoomRec['use'] = b.use === 'commercial' ? 'commercial' : b.use === 'industrial' ? 'other' : 'office'
    if (unitless) {
      for (let f = 1; f <= b.floors; f++) {
        for (let k = 1; k <= b.perFloor; k++) {
          const number = String(f * 100 + k)
          addRoom(b, '', f, number, f === 1 && b.use === 'commercial' ? 'commercial' : use, `${b.address}${number}室`)
        }
      }
      continue
    }
    for (let f = 1; f <= b.shopFloors; f++) {
      for (let k = 1; k <= b.perFloor * 2; k++) {
        const number = String(f * 100 + k)
        addRoom(b, '', f, number, 'commercial', `${b.address}${number}室`)
      }
    }
    for (let u = 1; u <= b.units; u++) {
      for (let f = b.shopFloors + 1; f <= b.floors; f++) {
        for (let k = 1; k <= b.perFloor; k++) {
          const number = String(f * 100 + k)
          addRoom(b, String(u), f, number, 'residential', `${b.address}${u}单元${number}室`)
        }
      }
    }
  }
  const freeHomes = rng.shuffle([...homes])

  // Households and their people.
  const persons: PersonRec[] = []
  const registeredAdults: PersonRec[] = []
  const households: { id: number; category: ResidenceCategory; room: RoomRec; members: PersonRec[]; collective: boolean; movedInDaysAgo: number }[] = []
  for (const hp of plan.households) {
    const room = freeHomes.pop() ?? rng.pick(homes)
    const id = ctx.nextId.household++
    const comp = composeHousehold(rng, hp.size, rural, hp.collective)
    const head = comp.members[0]!
    const floating = hp.category !== 'registered'
    // Moved into this home: floating residents recently, registered ones any time since they were adults.
    const movedIn = floating
      ? Math.min(Math.round(-Math.log(1 - rng.next()) * 700) + 10, 8 * 365)
      : rng.int(0, Math.max(0, Math.min((head.age - 18) * 365, (new Date(today).getUTCFullYear() - room.building.builtYear) * 365)))
    // Entered in the registry after moving in.
    const created = floating ? Math.min(HISTORY_DAYS, Math.max(0, movedIn - rng.int(0, 30))) : Math.min(enteredDaysAgo(), movedIn)
    const kindKey = hp.category === 'registered' ? '' : hp.collective ? 'J' : 'L'
    const householdNo = `${kindKey}${district}${String(serial(ctx, `hh:${kindKey}${district}`)).padStart(kindKey ? 6 : 7, '0')}`
    rows.household.push([id, g.code, householdNo, hp.collective ? 'collective' : 'family', room.id, room.address, timestamp(at(created)), gw])

    // Ethnicity, origin and the family line.
    let overseasRegion: string | undefined
    let eth = ethnicityFor(rng, district)
    if (hp.category === 'overseas') {
      overseasRegion = rng.weighted(OVERSEAS_REGIONS)
      eth = overseasRegion.startsWith('9') ? '97' : '01'
    }
    const origin = originOf(rng, eth)
    const lineSurname = surnameOf(rng, eth)
    const members: PersonRec[] = []
    const lowIncome = hp.category === 'registered' ? lowIncomeFor(rng, rural, head.age, comp.type, hp.size, created) : undefined
    const hasMaleSpouse = comp.members.some((m) => m.role === 'spouse' && m.sex === '1')
    for (const m of comp.members) {
      const personEth = hp.collective ? ethnicityFor(rng, district) : memberEthnicity(rng, m, eth)
      const ownLine =
        m.role === 'child' || m.role === 'grandchild' || m.role === 'sibling' || (m.sex === '1' && m.role !== 'child_spouse' && m.role !== 'other') || (m.role === 'head' && !hasMaleSpouse)
      const surname = ownLine && personEth === eth && !hp.collective ? lineSurname : surnameOf(rng, personEth)
      const birthMs0 = today - (m.age * 365.25 + rng.int(1, 364)) * DAY
      const birthYear = new Date(birthMs0).getUTCFullYear()
      // Where the ID number was issued.
      let region: string
      if (overseasRegion) region = overseasRegion
      else if (hp.category === 'floating') region = m.role === 'spouse' && rng.chance(0.2) ? originOf(rng, personEth) : origin
      else if (hp.category === 'unsettled') region = rng.chance(0.6) ? issuingCode(district, birthYear) : origin
      else {
        const r = rng.next()
        region = r < 0.86 || m.age < 18 ? issuingCode(district, birthYear) : r < 0.95 ? issuingCode(rng.pick(XINING_COUNTIES), birthYear) : originOf(rng, personEth)
      }
      const issued = ctx.idNumbers.issue(region, Math.floor(birthMs0 / DAY) * DAY, m.sex)
      const ageDays = Math.floor((today - issued.birthMs) / DAY)
      const name = personName(rng, personEth, m.sex, birthYear, hasFamilySurname(personEth) ? surname : undefined)
      const phoneShare = m.age < 14 ? 0 : m.age < 18 ? 0.35 : m.age < 70 ? 0.9 : m.age < 80 ? 0.65 : 0.4
      const phone = rng.chance(phoneShare) ? ctx.phones.mobile(rng.next()) : null
      const education = educationFor(rng, m.age, birthYear, rural)
      const personCreated = Math.min(created, Math.max(0, ageDays - rng.int(7, 90)))
      const movedInDays = Math.min(movedIn, ageDays)
      // A few have moved away or died since they were entered.
      const r = rng.next()
      const deathShare = m.age >= 85 ? 0.03 : m.age >= 70 ? 0.008 : 0.0004
      const status = r < deathShare ? 'deceased' : r < deathShare + 0.004 ? 'moved_out' : 'active'
      const statusDays = status === 'active' ? 0 : rng.int(1, Math.max(1, personCreated))
      const personId = ctx.nextId.person++
      const rec: PersonRec = {
        id: personId,
        name,
        surname,
        sex: m.sex,
        age: m.age,
        birthYear,
        category: hp.category,
        household: id,
        room,
        phone,
        active: status === 'active',
        createdDaysAgo: personCreated,
        movedInDaysAgo: movedInDays,
        relation: m.relation,
        status,
        statusDaysAgo: statusDays,
      }
      members.push(rec)
      persons.push(rec)
      if (hp.category === 'registered' && m.age >= 25 && rec.active) registeredAdults.push(rec)
      const registeredAddress = overseasRegion ? OVERSEAS_PLACES[overseasRegion]! : hp.category === 'registered' && !region.startsWith('63') ? null : region.startsWith('6301') ? null : (PLACES[region] ?? null)
      const formerName = m.age >= 30 && rng.chance(0.005) && hasFamilySurname(personEth) ? personName(rng, personEth, m.sex, birthYear - 20, surname) : null
      const createdAt = at(personCreated)
      secrets.personIds.push(issued.id)
      secrets.personPhones.push(phone)
      rows.person.push([
        personId, g.code, name, formerName === name ? null : formerName, null, null, null, isoDate(issued.birthMs), m.sex, personEth,
        null, null, null, hp.category, id, m.relation, room.id, room.address,
        registeredAddress, politicalStatusFor(rng, m.age, education, rural), education, maritalStatusFor(rng, m.age, m.married, m.role),
        religionFor(rng, personEth, m.age), workplaceFor(rng, m.age, rural, hp.category !== 'registered'), status,
        status === 'deceased' ? rng.pick(['病故', '因病去世', '自然死亡']) : status === 'moved_out' ? rng.pick(['迁往外省', '迁往省内其他地区', '随子女迁出']) : null,
        timestamp(createdAt), gw, timestamp(later(createdAt, status === 'active' ? updatedAgo(personCreated) : statusDays)), gw,
      ])
      // Where they live: one current stay, or one that ended when they moved out or died.
      const from = at(movedInDays)
      rows.person_residence.push([
        personId, g.code, room.id, room.address, timestamp(from), status === 'active' ? null : timestamp(later(from, statusDays)),
        status === 'active' ? null : status === 'deceased' ? '死亡' : '迁出',
      ])
    }
    households.push({ id, category: hp.category, room, members, collective: hp.collective, movedInDaysAgo: movedIn })

    // List entries of the household's people.
    const headRec = members[0]!
    for (let i = 0; i < members.length; i++) {
      const p = members[i]!
      const spec = comp.members[i]!
      const relative = pickRelative(rng, members, comp.members, i)
      const grandparent = comp.type === 'skipped_generation' ? { name: headRec.name, sex: headRec.sex } : undefined
      const entries = listEntriesFor(
        rng,
        {
          age: p.age,
          sex: p.sex,
          rural,
          householdType: comp.type,
          householdSize: members.length,
          role: spec.role,
          relative,
          grandparent,
          surname: p.surname,
          village: g.communityName,
          street: g.streetName.replace(/街道$/, ''),
          district,
          birthYear: p.birthYear,
          lowIncome,
        },
        today,
        p.createdDaysAgo,
        () => ctx.phones.mobile(rng.next()),
      )
      for (const e of entries) {
        // A person who left or died has their entries ended then.
        const ended = p.active ? e.ended : { daysAgo: Math.min(e.startedDaysAgo, p.statusDaysAgo), reason: p.status === 'deceased' ? '死亡' : '迁出' }
        const startedAt = at(e.startedDaysAgo)
        rows.person_list.push([
          p.id, e.code, g.code, e.attention, e.source, JSON.stringify(e.fields), timestamp(startedAt), gw,
          ended ? timestamp(later(startedAt, ended.daysAgo)) : null, ended ? gw : null, ended ? ended.reason : null,
        ])
      }
    }
  }

  // Rentals: about 15% of homes in town, let to the floating households living there.
  if (!rural) {
    const target = Math.round(homes.length * 0.15)
    const tenants = rng.shuffle(households.filter((h) => h.category === 'floating' || h.category === 'overseas'))
    for (const h of tenants.slice(0, target)) {
      const landlord = registeredAdults.length > 0 && rng.chance(0.78) ? rng.pick(registeredAdults) : undefined
      const rentalId = ctx.nextId.rental++
      const started = h.movedInDaysAgo
      const created = Math.min(started, HISTORY_DAYS)
      // Some homes were let before to someone else.
      if (rng.chance(0.1) && started > 60) {
        const earlierId = ctx.nextId.rental++
        const from = started + rng.int(200, 1100)
        rows.rental.push([earlierId, h.room.id, g.code, landlord?.id ?? null, landlord?.name ?? anyName(rng, 1970), 'residence', dateAgo(from), dateAgo(started + rng.int(1, 60)), 'ended', timestamp(at(Math.min(from, HISTORY_DAYS))), gw])
      }
      rows.rental.push([rentalId, h.room.id, g.code, landlord?.id ?? null, landlord?.name ?? anyName(rng, 1970), 'residence', dateAgo(started), null, 'active', timestamp(at(created)), gw])
      for (const p of h.members) {
        if (p.active) rows.tenancy.push([rentalId, p.id, dateAgo(Math.min(started, p.movedInDaysAgo)), null])
      }
    }
    // Shops and offices let to businesses.
    for (const s of shops) {
      if ((s.building.use !== 'commercial' && s.building.use !== 'mixed') || !rng.chance(0.3)) continue
      const landlord = registeredAdults.length > 0 && rng.chance(0.6) ? rng.pick(registeredAdults) : undefined
      const started = rng.int(30, 2400)
      rows.rental.push([ctx.nextId.rental++, s.id, g.code, landlord?.id ?? null, landlord?.name ?? anyName(rng, 1968), s.use === 'office' ? 'business' : rng.chance(0.9) ? 'business' : 'storage', dateAgo(started), null, 'active', timestamp(at(Math.min(started, HISTORY_DAYS))), gw])
    }
  }

  // Organizations, at the grid's buildings.
  for (let i = 0; i < plan.organizations; i++) {
    const o = organizationFor(rng, g, g.districtName)
    const b = siteOf(rng, plan.buildings, o.site)
    const shop = o.site === 'commercial' ? shops.find((s) => s.building === b && rng.chance(0.3)) : undefined
    const created = at(enteredDaysAgo())
    const retired = rng.chance(0.02)
    const phone = o.landline === null ? null : o.landline ? ctx.phones.landline() : ctx.phones.mobile(rng.next())
    secrets.organizationPhones.push(phone)
    const founded = 1990 + Math.floor(rng.next() * 35)
    rows.organization.push([
      g.code, o.creditPrefix ? ctx.creditCodes.issue(o.creditPrefix, founded < 2019 ? issuingCode(district, founded) : district) : null, o.name, o.kind,
      o.kind === 'party' ? null : anyName(rng, 1975), shop?.address ?? b.address, b.id, point(b.x, b.y), o.employees,
      o.securityContact ? anyName(rng, 1980) : null, null, null, null, o.keyPlace, retired ? 'retired' : 'active',
      retired ? rng.pick(['注销', '吊销营业执照', '迁出辖区']) : null, timestamp(created), gw, timestamp(later(created, updatedAgo(daysBefore(created)))), gw,
    ])
  }

  // Facilities (部件).
  for (let i = 0; i < plan.facilities; i++) {
    const t = facilityTypeFor(rng, rural)
    const s = facilityStateFor(rng, t.kind)
    const [x, y] = plan.facilityPoints[i]!
    const place = rural ? (plan.places[plan.facilityHamlets[i] ?? 0] ?? plan.places[0]!) : rng.pick(plan.places)
    const n = serial(ctx, `fac:${district}:${t.abbr}`)
    const created = at(enteredDaysAgo())
    const retired = rng.chance(0.01)
    rows.facility.push([
      g.code, t.class, t.kind, `${place}${t.zh}（${n}号）`, `${district}-${t.abbr}-${String(n).padStart(6, '0')}`, point(x, y), rng.pick(t.owner), rng.pick(t.maintainer),
      s.state, s.hazard, retired ? 'retired' : 'active', retired ? '已拆除' : null, timestamp(created), gw, timestamp(later(created, s.state === 'intact' ? updatedAgo(daysBefore(created)) : rng.int(0, daysBefore(created)))), gw,
    ])
  }

  // Residents' concerns (社情民意).
  const speakers = persons.filter((p) => p.active && p.age >= 18)
  for (let i = 0; i < plan.concerns; i++) {
    const speaker = speakers.length > 0 && rng.chance(0.7) ? rng.pick(speakers) : undefined
    const b = speaker?.room.building ?? rng.pick(plan.buildings)
    const { theme, content } = concernFor(rng, b)
    const created = rng.int(0, Math.min(HISTORY_DAYS, speaker?.createdDaysAgo ?? HISTORY_DAYS))
    const status = created < 30 && rng.chance(0.6) ? 'open' : rng.weighted<'closed' | 'converted' | 'open'>([['closed', 68], ['converted', 27], ['open', 5]])
    const createdAt = at(created)
    rows.concern.push([
      g.code, theme, content, speaker?.id ?? null, speaker?.name ?? (rng.chance(0.5) ? anyName(rng, 1970) : null), rng.chance(0.8) ? point(b.x, b.y) : null,
      status, status === 'closed' ? rng.pick(CONCERN_CLOSINGS) : null,
      status === 'converted' ? `SJ${isoDate(createdAt).replaceAll('-', '')}${String(serial(ctx, `case:${district}`) % 100000).padStart(5, '0')}` : null,
      timestamp(createdAt), gw, timestamp(status === 'open' ? createdAt : later(createdAt, rng.int(0, created))), gw,
    ])
  }
  return { persons: persons.length }
}

/** Spouses mostly share the household's group; children take it. */
function memberEthnicity(rng: Rng, m: MemberSpec, eth: string): string {
  if ((m.role === 'spouse' || m.role === 'child_spouse') && rng.chance(0.07)) return eth === '01' ? rng.pick(['03', '04', '30']) : '01'
  return eth
}

/** A family member who can be a guardian or contact: spouse, adult child or parent. */
function pickRelative(rng: Rng, members: PersonRec[], specs: MemberSpec[], i: number): { name: string; phone: string | null; relation: string } | undefined {
  const me = specs[i]!
  const candidates = members.filter((p, j) => j !== i && p.active && p.age >= 18 && (specs[j]!.married === me.married || specs[j]!.role !== me.role))
  if (candidates.length === 0) return undefined
  const p = rng.pick(candidates)
  return { name: p.name, phone: p.phone, relation: p.relation }
}
