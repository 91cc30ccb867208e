// Households of the demo population: sizes (urban mean ≈ 2.8, rural ≈ 3.5), their make-up (single
// people, couples, parents with children, three generations, grandparents with left-behind
// grandchildren, siblings, collective households) and ages that fit together: spouses of similar
// age, children born when their mother was 20–40, parents of the head 22–32 years older.
import type { Rng, Weighted } from './rng.ts'
import type { Sex } from './names.ts'

export type Role = 'head' | 'spouse' | 'child' | 'parent' | 'child_spouse' | 'grandchild' | 'sibling' | 'other'
export type HouseholdType =
  | 'single'
  | 'couple'
  | 'couple_children'
  | 'couple_parents'
  | 'single_parent'
  | 'head_parent'
  | 'three_generations'
  | 'skipped_generation'
  | 'siblings'
  | 'collective'

export interface MemberSpec {
  role: Role
  /** GB/T 4761: 02 head, 10 spouse, 20 son, 30 daughter, 40 grandchild, 50 parent, 70 sibling, 80 other relative, 99 not related. */
  relation: string
  sex: Sex
  age: number
  /** Whether this member is married to another member of the household. */
  married: boolean
}

export interface Composition {
  type: HouseholdType
  members: MemberSpec[]
}

export const MAX_AGE = 95

/** Household sizes: urban mean ≈ 2.8, rural ≈ 3.5 (floating households are smaller). */
const SIZES: Record<'urban' | 'rural' | 'floating', Weighted<number>> = {
  urban: [[1, 15], [2, 27], [3, 31], [4, 16], [5, 8], [6, 2.5], [7, 0.5]],
  rural: [[1, 6], [2, 18], [3, 24], [4, 23], [5, 17], [6, 9], [7, 3]],
  floating: [[1, 30], [2, 28], [3, 25], [4, 12], [5, 5]],
}

export function householdSize(rng: Rng, rural: boolean, floating: boolean): number {
  return rng.weighted(floating ? SIZES.floating : rural ? SIZES.rural : SIZES.urban)
}

const clampAge = (a: number) => Math.max(0, Math.min(MAX_AGE, Math.round(a)))
const other = (s: Sex): Sex => (s === '1' ? '2' : '1')

/** Ages of k children whose youngest is `youngest`, 1–6 years apart. */
function childAges(rng: Rng, k: number, youngest: number): number[] {
  const ages = [youngest]
  for (let i = 1; i < k; i++) ages.push(ages[i - 1]! + rng.int(1, 6))
  return ages.reverse()
}

/** Age of a mother at her first child's birth. */
const firstBirth = (rng: Rng, rural: boolean) => (rural ? rng.int(19, 28) : rng.int(21, 32))

/** A married couple with the wife aged `wifeAge`; the husband is the head in most households. */
function couple(rng: Rng, wifeAge: number, rural: boolean): MemberSpec[] {
  const wife = clampAge(Math.max(20, wifeAge))
  const husband = clampAge(Math.max(22, wife + Math.round(rng.normal(2, 2.5))))
  const maleHead = rng.chance(rural ? 0.92 : 0.8)
  const h: MemberSpec = { role: 'head', relation: '02', sex: '1', age: husband, married: true }
  const w: MemberSpec = { role: 'head', relation: '02', sex: '2', age: wife, married: true }
  if (maleHead) return [h, { ...w, role: 'spouse', relation: '10' }]
  return [w, { ...h, role: 'spouse', relation: '10' }]
}

function children(rng: Rng, ages: number[], role: 'child' | 'grandchild' = 'child'): MemberSpec[] {
  return ages.map((age) => {
    const sex: Sex = rng.chance(0.52) ? '1' : '2'
    const relation = role === 'grandchild' ? '40' : sex === '1' ? '20' : '30'
    return { role, relation, sex, age: clampAge(age), married: false }
  })
}

/** The head's parents (one or two), 22–32 years older than the head. */
function parentsOf(rng: Rng, headAge: number, n: number): MemberSpec[] {
  const mother = clampAge(headAge + rng.int(22, 32))
  const father = clampAge(mother + rng.int(0, 4))
  if (n === 2) {
    return [
      { role: 'parent', relation: '50', sex: '1', age: father, married: true },
      { role: 'parent', relation: '50', sex: '2', age: mother, married: true },
    ]
  }
  // A widowed parent is more often the mother.
  return rng.chance(0.7)
    ? [{ role: 'parent', relation: '50', sex: '2', age: mother, married: false }]
    : [{ role: 'parent', relation: '50', sex: '1', age: father, married: false }]
}

/** Youngest child living at home: mostly under 18, now and then a young adult. */
const youngestChild = (rng: Rng) => (rng.chance(0.72) ? rng.int(0, 17) : rng.int(18, 28))

function singleAge(rng: Rng, rural: boolean): number {
  const r = rng.next()
  const [young, middle] = rural ? [0.1, 0.5] : [0.42, 0.68]
  if (r < young) return rng.int(19, 34)
  if (r < middle) return rng.int(35, 64)
  // Fewer the older: most people living alone at 65+ are in their late sixties and seventies.
  return 65 + Math.floor(rng.next() ** 1.6 * (MAX_AGE - 67))
}

function build(rng: Rng, type: HouseholdType, size: number, rural: boolean): MemberSpec[] {
  switch (type) {
    case 'single': {
      const age = singleAge(rng, rural)
      const sex: Sex = rng.chance(age >= 65 ? 0.38 : 0.58) ? '1' : '2'
      return [{ role: 'head', relation: '02', sex, age, married: false }]
    }
    case 'couple': {
      const r = rng.next()
      const wife = r < 0.3 ? rng.int(21, 34) : r < 0.42 ? rng.int(35, 49) : 50 + Math.floor(rng.next() ** 1.4 * 34)
      return couple(rng, wife, rural)
    }
    case 'couple_children': {
      const ages = childAges(rng, size - 2, youngestChild(rng))
      return [...couple(rng, ages[0]! + firstBirth(rng, rural), rural), ...children(rng, ages)]
    }
    case 'couple_parents': {
      // A couple, their children (if any) and one or two of the head's parents.
      const nParents = size >= 5 && rng.chance(0.5) ? 2 : 1
      const k = size - 2 - nParents
      const ages = k > 0 ? childAges(rng, k, youngestChild(rng)) : []
      const wife = k > 0 ? ages[0]! + firstBirth(rng, rural) : rng.int(28, 55)
      const pair = couple(rng, wife, rural)
      return [...pair, ...children(rng, ages), ...parentsOf(rng, pair[0]!.age, nParents)]
    }
    case 'single_parent': {
      const ages = childAges(rng, size - 1, youngestChild(rng))
      const sex: Sex = rng.chance(0.75) ? '2' : '1'
      const age = clampAge(ages[0]! + firstBirth(rng, rural) + (sex === '1' ? 2 : 0))
      return [{ role: 'head', relation: '02', sex, age, married: false }, ...children(rng, ages)]
    }
    case 'head_parent': {
      const age = rng.int(28, 62)
      const sex: Sex = rng.chance(0.55) ? '1' : '2'
      return [{ role: 'head', relation: '02', sex, age, married: false }, ...parentsOf(rng, age, size >= 3 ? 2 : 1)]
    }
    case 'three_generations': {
      // Grandparent(s) head the household; a married son, his wife and their children live with them.
      const nGrand = size >= 5 ? 2 : 1
      const k = Math.max(1, size - nGrand - 2)
      const ages = childAges(rng, k, rng.int(0, 14))
      const dil = clampAge(ages[0]! + firstBirth(rng, rural))
      const son = clampAge(Math.max(22, dil + Math.round(rng.normal(2, 2))))
      const grandmother = clampAge(son + rng.int(21, 30))
      const grandfather = clampAge(grandmother + rng.int(0, 4))
      const elders: MemberSpec[] =
        nGrand === 2
          ? [
              { role: 'head', relation: '02', sex: '1', age: grandfather, married: true },
              { role: 'spouse', relation: '10', sex: '2', age: grandmother, married: true },
            ]
          : [rng.chance(0.65) ? { role: 'head', relation: '02', sex: '2', age: grandmother, married: false } : { role: 'head', relation: '02', sex: '1', age: grandfather, married: false }]
      return [
        ...elders,
        { role: 'child', relation: '20', sex: '1', age: son, married: true },
        { role: 'child_spouse', relation: '80', sex: '2', age: dil, married: true },
        ...children(rng, ages, 'grandchild'),
      ]
    }
    case 'skipped_generation': {
      // Grandparents raising grandchildren whose parents work elsewhere (left-behind children).
      const nGrand = size >= 3 && rng.chance(0.7) ? 2 : 1
      const ages = childAges(rng, Math.max(1, size - nGrand), rng.int(1, 12)).map((a) => Math.min(a, 15))
      const grandmother = clampAge(ages[0]! + rng.int(42, 58))
      const grandfather = clampAge(grandmother + rng.int(0, 4))
      const elders: MemberSpec[] =
        nGrand === 2
          ? [
              { role: 'head', relation: '02', sex: '1', age: grandfather, married: true },
              { role: 'spouse', relation: '10', sex: '2', age: grandmother, married: true },
            ]
          : [{ role: 'head', relation: '02', sex: '2', age: grandmother, married: false }]
      return [...elders, ...children(rng, ages, 'grandchild')]
    }
    case 'siblings': {
      const age = rng.int(18, 34)
      const sex: Sex = rng.chance(0.5) ? '1' : '2'
      const rest: MemberSpec[] = Array.from({ length: size - 1 }, () => {
        const s: Sex = rng.chance(0.5) ? sex : other(sex)
        return { role: 'sibling', relation: '70', sex: s, age: clampAge(Math.max(16, age + rng.int(-6, 6))), married: false }
      })
      return [{ role: 'head', relation: '02', sex, age, married: false }, ...rest]
    }
    case 'collective':
      return Array.from({ length: size }, (_, i) => ({
        role: i === 0 ? ('head' as const) : ('other' as const),
        relation: i === 0 ? '02' : '99',
        sex: (rng.chance(0.8) ? '1' : '2') as Sex,
        age: rng.int(i === 0 ? 28 : 18, i === 0 ? 58 : 55),
        married: false,
      }))
  }
}

/** The kinds of household of each size (weights; rural households are more often three-generation). */
function typeFor(rng: Rng, size: number, rural: boolean): HouseholdType {
  switch (size) {
    case 1:
      return 'single'
    case 2:
      return rng.weighted<HouseholdType>([['couple', 62], ['single_parent', 14], ['head_parent', 10], ['skipped_generation', rural ? 7 : 2], ['siblings', 3]])
    case 3:
      return rng.weighted<HouseholdType>([['couple_children', 64], ['couple_parents', 12], ['single_parent', 6], ['skipped_generation', rural ? 8 : 2], ['head_parent', 4]])
    case 4:
      return rng.weighted<HouseholdType>([['couple_children', 46], ['couple_parents', 26], ['three_generations', 18], ['skipped_generation', rural ? 6 : 1], ['single_parent', 2]])
    case 5:
      return rng.weighted<HouseholdType>([['couple_children', rural ? 16 : 8], ['couple_parents', 42], ['three_generations', 36], ['skipped_generation', rural ? 4 : 0]])
    default:
      return rng.weighted<HouseholdType>([['three_generations', 62], ['couple_parents', 33], ['couple_children', rural ? 5 : 2]])
  }
}

/** A household of `size` people; `collective` for dormitories and shared flats of unrelated adults. */
export function composeHousehold(rng: Rng, size: number, rural: boolean, collective: boolean): Composition {
  const type = collective ? 'collective' : typeFor(rng, size, rural)
  const members = build(rng, type, size, rural)
  return { type, members }
}
