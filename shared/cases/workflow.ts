// The case workflow (事件流转) as one table: state × action × party → next state. Pure data and
// functions, read by the server (to allow or refuse, inside the transaction that makes the change) and
// by the web app (to offer only the buttons that can work). DESIGN.md §3.3, DOMAIN.md "Cases".
//
// A case is held by one level at a time (community → street → district → city: the "holder"). The
// holder accepts (立案) or rejects it, closes it itself, sends it down or up, or dispatches it to a
// department, which handles it and feeds back; the holder then verifies (核查) and closes, or sends it
// back for rework (返工). Levels above the holder supervise: they urge (督办) with a yellow or red
// card and decide extension requests of the holder. Grid workers report, and resolve simple matters
// on the spot (the case is born closed at grid level). Residents report through the public page or
// Open311 and rate the result.

export const CASE_STATES = ['reported', 'accepted', 'dispatched', 'to_verify', 'closed', 'rejected', 'merged'] as const
export type CaseState = (typeof CASE_STATES)[number]

/** States in which a case is still being worked (its clock runs). */
export const OPEN_STATES = ['reported', 'accepted', 'dispatched', 'to_verify'] as const satisfies readonly CaseState[]
export type OpenState = (typeof OPEN_STATES)[number]
export const isOpenState = (s: CaseState): s is OpenState => (OPEN_STATES as readonly CaseState[]).includes(s)

/** The pseudo-state before a case exists: only creating actions start from it. */
export type FromState = CaseState | 'new'

export const CASE_ACTIONS = [
  /** Report a new case (上报): a grid worker, staff, a resident, an Open311 client. */
  'report',
  /** Report and resolve on the spot (就地解决): a grid worker; the case is born closed at grid level. */
  'resolve_on_spot',
  /** File it (立案). */
  'accept',
  /** Refuse to file it (不予立案), with a reason. */
  'reject',
  /** Send it back to the level it came from (回退), with a reason. */
  'return',
  /** Report it up to the level above (上报上级). */
  'escalate',
  /** Assign it down to a lower level (交办下级). */
  'assign',
  /** Dispatch it to a department (派遣). */
  'dispatch',
  /** The department's result, with evidence (反馈). */
  'feedback',
  /** The holder's own result: closes the case (办结). */
  'close',
  /** The result checks out: close (核查通过, 结案). */
  'verify',
  /** The result does not check out: back to the department (返工). */
  'rework',
  /** Ask for more time, with a reason and an amount (申请延期). */
  'request_extension',
  /** Grant the pending extension (同意延期). */
  'grant_extension',
  /** Refuse the pending extension (不同意延期). */
  'refuse_extension',
  /** Urge, with a yellow or red card (督办). */
  'urge',
  /** Copy to another area or department for their information (抄告). */
  'copy',
  /** Merge into another case reporting the same thing (合并). */
  'merge',
  /** The reporter's rating of a closed case (评价). */
  'rate',
] as const
export type CaseAction = (typeof CASE_ACTIONS)[number]

/**
 * Who acts, relative to the case (not the account's role: the server derives the party from the
 * role, the scope and the case):
 * - reporter: the staff account that reported it;
 * - holder: staff of the level now holding it;
 * - department: a handler of the department it is dispatched to;
 * - supervisor: staff of a level above the holder;
 * - public: a resident (public page, Open311) — reports and rates;
 * - system: the time-limit sweep.
 */
export const CASE_PARTIES = ['reporter', 'holder', 'department', 'supervisor', 'public', 'system'] as const
export type CaseParty = (typeof CASE_PARTIES)[number]

/** One row of the table: from a state, an action by one of the parties leads to a state. */
export interface Transition {
  from: FromState
  action: CaseAction
  parties: readonly CaseParty[]
  to: CaseState
}

const STAFF: readonly CaseParty[] = ['holder', 'supervisor']

// The table. Anything not listed is refused. "Same state" rows are actions that record something
// (an urge, a copy, an extension) without moving the case.
export const TRANSITIONS: readonly Transition[] = [
  { from: 'new', action: 'report', parties: ['reporter', 'holder', 'public'], to: 'reported' },
  { from: 'new', action: 'resolve_on_spot', parties: ['reporter'], to: 'closed' },

  { from: 'reported', action: 'accept', parties: ['holder'], to: 'accepted' },
  { from: 'reported', action: 'reject', parties: ['holder'], to: 'rejected' },
  { from: 'reported', action: 'return', parties: ['holder'], to: 'accepted' },
  { from: 'reported', action: 'escalate', parties: ['holder'], to: 'reported' },
  { from: 'reported', action: 'merge', parties: STAFF, to: 'merged' },

  { from: 'accepted', action: 'escalate', parties: ['holder'], to: 'reported' },
  { from: 'accepted', action: 'assign', parties: ['holder'], to: 'accepted' },
  { from: 'accepted', action: 'dispatch', parties: ['holder'], to: 'dispatched' },
  { from: 'accepted', action: 'close', parties: ['holder'], to: 'closed' },
  { from: 'accepted', action: 'return', parties: ['holder'], to: 'accepted' },
  { from: 'accepted', action: 'merge', parties: STAFF, to: 'merged' },

  { from: 'dispatched', action: 'feedback', parties: ['department'], to: 'to_verify' },
  { from: 'dispatched', action: 'return', parties: ['department'], to: 'accepted' },

  { from: 'to_verify', action: 'verify', parties: ['holder'], to: 'closed' },
  { from: 'to_verify', action: 'rework', parties: ['holder'], to: 'dispatched' },

  { from: 'closed', action: 'rate', parties: ['reporter', 'public'], to: 'closed' },
]

// Actions allowed in every open state, leaving the state as it is.
const IN_PLACE: readonly { action: CaseAction; parties: readonly CaseParty[]; states: readonly OpenState[] }[] = [
  { action: 'urge', parties: ['supervisor', 'system'], states: OPEN_STATES },
  { action: 'copy', parties: STAFF, states: OPEN_STATES },
  // The holder asks for more time while it handles the case itself, and a level above decides; a
  // department asks while it handles a dispatched case, and the holder decides.
  { action: 'request_extension', parties: ['holder'], states: ['accepted'] },
  { action: 'grant_extension', parties: ['supervisor'], states: ['accepted'] },
  { action: 'refuse_extension', parties: ['supervisor'], states: ['accepted'] },
  { action: 'request_extension', parties: ['department'], states: ['dispatched'] },
  { action: 'grant_extension', parties: ['holder'], states: ['dispatched'] },
  { action: 'refuse_extension', parties: ['holder'], states: ['dispatched'] },
]

/** The full table, the in-place actions expanded: what the server enforces and the tests enumerate. */
export const WORKFLOW: readonly Transition[] = [
  ...TRANSITIONS,
  ...IN_PLACE.flatMap(({ action, parties, states }) => states.map((from) => ({ from, action, parties, to: from }))),
]

const INDEX = new Map<string, Transition>(WORKFLOW.map((t) => [`${t.from}|${t.action}`, t]))

export type TransitionResult =
  | { ok: true; to: CaseState }
  /** not_allowed_in_state: no such action from this state; not_your_part: the action exists, but not for this party. */
  | { ok: false; problem: 'not_allowed_in_state' | 'not_your_part' }

/** The state an action leads to, or why it is refused. */
export function nextState(from: FromState, action: CaseAction, party: CaseParty): TransitionResult {
  const t = INDEX.get(`${from}|${action}`)
  if (!t) return { ok: false, problem: 'not_allowed_in_state' }
  if (!t.parties.includes(party)) return { ok: false, problem: 'not_your_part' }
  return { ok: true, to: t.to }
}

/** The actions a party may take in a state (for the buttons of the case page). */
export function availableActions(from: FromState, parties: readonly CaseParty[]): CaseAction[] {
  return WORKFLOW.filter((t) => t.from === from && t.parties.some((p) => parties.includes(p))).map((t) => t.action)
}

/** Actions that need a reason in words (refusals, returns, rework, extension requests, urging, merging). */
export const REASON_REQUIRED: ReadonlySet<CaseAction> = new Set([
  'reject',
  'return',
  'rework',
  'request_extension',
  'refuse_extension',
  'urge',
  'merge',
  'escalate',
])

/** Actions that record a result (what was done), required. */
export const RESULT_REQUIRED: ReadonlySet<CaseAction> = new Set(['resolve_on_spot', 'feedback', 'close'])

/** The levels that can hold a case, lowest first. Grid workers report; they do not hold. */
export const HOLDER_LEVELS = ['community', 'street', 'district', 'city'] as const
export type HolderLevel = (typeof HOLDER_LEVELS)[number]

/** The step whose time limit runs in each open state. */
export const STEP_OF_STATE: Record<OpenState, CaseStep> = {
  reported: 'accept',
  accepted: 'handle',
  dispatched: 'handle',
  to_verify: 'verify',
}
export const CASE_STEPS = ['accept', 'handle', 'verify'] as const
export type CaseStep = (typeof CASE_STEPS)[number]

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const
export type Urgency = (typeof URGENCIES)[number]

export const CARDS = ['yellow', 'red'] as const
export type Card = (typeof CARDS)[number]
/** Supervision of a case: none, or the strongest card it has had in its current step. */
export type Supervision = 'none' | Card

/** Countdown lamp: green before the yellow share of the limit, yellow until the limit, red past it; none when not running. */
export type Lamp = 'green' | 'yellow' | 'red' | 'none'
export function lampAt(now: Date, state: CaseState, warnAt: Date | null, dueAt: Date | null): Lamp {
  if (!isOpenState(state) || !warnAt || !dueAt) return 'none'
  if (now < warnAt) return 'green'
  if (now < dueAt) return 'yellow'
  return 'red'
}

export const CASE_SOURCES = ['grid_worker', 'staff', 'public_web', 'open311', 'hotline', 'department', 'inspection'] as const
export type CaseSource = (typeof CASE_SOURCES)[number]

/** Closing at grid or community level counts as resolved at the front line (一线解决). */
export const FIRST_LINE_LEVELS: readonly string[] = ['grid', 'community']
