import { describe, expect, it } from 'vitest'
import {
  CASE_ACTIONS,
  CASE_PARTIES,
  CASE_STATES,
  OPEN_STATES,
  WORKFLOW,
  availableActions,
  isOpenState,
  lampAt,
  nextState,
  type CaseAction,
  type CaseParty,
  type CaseState,
  type FromState,
} from './workflow.ts'

const FROM: readonly FromState[] = ['new', ...CASE_STATES]

// The workflow written out as the people who use it describe it, one line per allowed move:
// "from action party → to". Every combination of state, action and party not listed here must be
// refused. (The table in workflow.ts is the implementation; this is the specification it must meet.)
const SPEC = `
new report reporter → reported
new report holder → reported
new report public → reported
new resolve_on_spot reporter → closed
reported accept holder → accepted
reported reject holder → rejected
reported return holder → accepted
reported escalate holder → reported
reported merge holder → merged
reported merge supervisor → merged
reported urge supervisor → reported
reported urge system → reported
reported copy holder → reported
reported copy supervisor → reported
accepted escalate holder → reported
accepted assign holder → accepted
accepted dispatch holder → dispatched
accepted close holder → closed
accepted return holder → accepted
accepted merge holder → merged
accepted merge supervisor → merged
accepted urge supervisor → accepted
accepted urge system → accepted
accepted copy holder → accepted
accepted copy supervisor → accepted
accepted request_extension holder → accepted
accepted grant_extension supervisor → accepted
accepted refuse_extension supervisor → accepted
dispatched feedback department → to_verify
dispatched return department → accepted
dispatched urge supervisor → dispatched
dispatched urge system → dispatched
dispatched copy holder → dispatched
dispatched copy supervisor → dispatched
dispatched request_extension department → dispatched
dispatched grant_extension holder → dispatched
dispatched refuse_extension holder → dispatched
to_verify verify holder → closed
to_verify rework holder → dispatched
to_verify urge supervisor → to_verify
to_verify urge system → to_verify
to_verify copy holder → to_verify
to_verify copy supervisor → to_verify
closed rate reporter → closed
closed rate public → closed
`
const ALLOWED = new Map(
  SPEC.trim()
    .split('\n')
    .map((line) => {
      const [from, action, party, , to] = line.split(' ')
      return [`${from}|${action}|${party}`, to as CaseState]
    }),
)

describe('the case workflow', () => {
  it('allows exactly the moves of the specification, for every state, action and party', () => {
    let checked = 0
    for (const from of FROM)
      for (const action of CASE_ACTIONS)
        for (const party of CASE_PARTIES) {
          const expected = ALLOWED.get(`${from}|${action}|${party}`)
          const result = nextState(from, action, party)
          expect(result, `${from} ${action} ${party}`).toEqual(expected ? { ok: true, to: expected } : { ok: false, problem: expect.any(String) })
          checked++
        }
    expect(checked).toBe(FROM.length * CASE_ACTIONS.length * CASE_PARTIES.length)
    expect(WORKFLOW.reduce((n, t) => n + t.parties.length, 0)).toBe(ALLOWED.size)
  })

  it('tells an action that exists for someone else from one that does not exist in the state', () => {
    expect(nextState('dispatched', 'feedback', 'holder')).toEqual({ ok: false, problem: 'not_your_part' })
    expect(nextState('reported', 'feedback', 'department')).toEqual({ ok: false, problem: 'not_allowed_in_state' })
    expect(nextState('closed', 'accept', 'holder')).toEqual({ ok: false, problem: 'not_allowed_in_state' })
  })

  it('ends: a rejected or merged case takes no action; a closed case only its rating', () => {
    for (const action of CASE_ACTIONS)
      for (const party of CASE_PARTIES) {
        expect(nextState('rejected', action, party).ok).toBe(false)
        expect(nextState('merged', action, party).ok).toBe(false)
        if (action !== 'rate') expect(nextState('closed', action, party).ok).toBe(false)
      }
  })

  it('keeps each party to its part: the public reports and rates, the system only urges, departments act only on what was dispatched', () => {
    for (const t of WORKFLOW) {
      if (t.parties.includes('public')) expect(['report', 'rate']).toContain(t.action)
      if (t.parties.includes('system')) expect(t.action).toBe('urge')
      if (t.parties.includes('department')) expect(t.from).toBe('dispatched')
    }
  })

  it('can bring every open state to a close, and every state is reachable from a new report', () => {
    const reach = (start: FromState, party: CaseParty[] = [...CASE_PARTIES]) => {
      const seen = new Set<FromState>([start])
      const queue: FromState[] = [start]
      while (queue.length) {
        const s = queue.shift()!
        for (const t of WORKFLOW) if (t.from === s && t.parties.some((p) => party.includes(p)) && !seen.has(t.to)) seen.add(t.to), queue.push(t.to)
      }
      return seen
    }
    expect([...reach('new')].sort()).toEqual([...FROM].sort())
    for (const s of OPEN_STATES) expect(reach(s).has('closed'), s).toBe(true)
  })

  it('offers the buttons a party can use', () => {
    expect(availableActions('reported', ['holder']).sort()).toEqual(['accept', 'copy', 'escalate', 'merge', 'reject', 'return'].sort())
    expect(availableActions('dispatched', ['department']).sort()).toEqual(['feedback', 'request_extension', 'return'].sort())
    expect(availableActions('to_verify', ['supervisor']).sort()).toEqual(['copy', 'urge'])
    expect(availableActions('closed', ['holder'])).toEqual([])
  })

  it('lights the lamp green, yellow, red — and not at all when the case is not running', () => {
    const warn = new Date('2026-03-02T04:00:00Z')
    const due = new Date('2026-03-02T06:00:00Z')
    expect(lampAt(new Date('2026-03-02T03:59:59Z'), 'accepted', warn, due)).toBe('green')
    expect(lampAt(warn, 'accepted', warn, due)).toBe('yellow')
    expect(lampAt(due, 'accepted', warn, due)).toBe('red')
    for (const s of CASE_STATES) if (!isOpenState(s)) expect(lampAt(due, s, warn, due)).toBe('none')
    expect(lampAt(due, 'accepted', null, null)).toBe('none')
  })

  it('lists every action and party once', () => {
    expect(new Set<CaseAction>(CASE_ACTIONS).size).toBe(CASE_ACTIONS.length)
    expect(new Set(WORKFLOW.map((t) => `${t.from}|${t.action}`)).size).toBe(WORKFLOW.length)
  })
})
