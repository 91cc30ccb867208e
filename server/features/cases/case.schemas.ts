// TypeBox schemas of the case API (validation, serialisation and OpenAPI from one source). Bodies are
// closed: a field that may not be set is refused by name.
import { Type } from 'typebox'
import { CASE_ACTIONS, CASE_PARTIES, CASE_STATES, CARDS, URGENCIES, CASE_SOURCES, CASE_STEPS } from '../../../shared/cases/workflow.ts'
import { CASE_BOXES } from '../../../shared/cases/api-types.ts'
import { CASE_LIMITS } from '../../../shared/cases/case-fields.ts'
import { LIMIT_UNITS } from '../../../shared/cases/calendar.ts'

const closed = { additionalProperties: false } as const
/** A string enum, typed as the union of its values. */
export const Str = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) })
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const Time = Type.String({ format: 'date-time' })
const NullableTime = Type.Union([Time, Type.Null()])

export const LonLatSchema = Type.Object(
  { lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) },
  { ...closed, description: 'WGS 84 longitude and latitude' },
)

export const PhotoNames = Type.Array(Type.String({ pattern: '^[A-Za-z0-9_-]{26,}\\.jpg$' }), { maxItems: CASE_LIMITS.photos })

export const CaseReportBody = Type.Object(
  {
    category: Type.String({ maxLength: 64, description: 'A subcategory code (or a category without subcategories)' }),
    urgency: Type.Optional(Str(URGENCIES)),
    title: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
    description: Type.String({ maxLength: 16000 }),
    location: Type.Optional(Type.Union([LonLatSchema, Type.Null()])),
    gridCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{15}$' }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 800 }))),
    photos: Type.Optional(PhotoNames),
    people: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: CASE_LIMITS.people })),
    resolvedOnSpot: Type.Optional(Type.Union([Type.Object({ result: Type.String({ maxLength: 16000 }) }, closed), Type.Null()])),
    concernId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { ...closed, description: 'A case report from a grid worker or staff' },
)

export const PublicReportBody = Type.Object(
  {
    category: Type.String({ maxLength: 64 }),
    description: Type.String({ maxLength: 16000 }),
    location: Type.Optional(Type.Union([LonLatSchema, Type.Null()])),
    address: Type.Optional(Nullable(Type.String({ maxLength: 800 }))),
    photos: Type.Optional(PhotoNames),
    anonymous: Type.Optional(Type.Boolean()),
    contactName: Type.Optional(Nullable(Type.String({ maxLength: 160 }))),
    contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  },
  { ...closed, description: "A resident's report from the public page" },
)

export const ReportAnswer = Type.Object({ id: Type.Integer(), number: Type.String(), state: Str(CASE_STATES) })
export const PublicReportAnswer = Type.Object({ number: Type.String({ description: 'The tracking number' }) })

export const ActBody = Type.Object(
  {
    action: Str(CASE_ACTIONS),
    version: Type.Integer({ minimum: 1, description: 'The version read: the step applies only if nobody acted since' }),
    reason: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    result: Type.Optional(Nullable(Type.String({ maxLength: 16000 }))),
    target: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'assign: a lower area; copy: an area or department code' }))),
    department: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    card: Type.Optional(Type.Union([Str(CARDS), Type.Null()])),
    amount: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    mergeInto: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    photos: Type.Optional(PhotoNames),
    rating: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { ...closed, description: 'One workflow step' },
)
export const ActAnswer = Type.Object({ id: Type.Integer(), number: Type.String(), version: Type.Integer(), state: Str(CASE_STATES) })

export const CaseIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

const CategoryRef = Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), parentCode: Type.Union([Type.String(), Type.Null()]) })
const AreaRef = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() })
const DepartmentRef = Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), areaCode: Type.String() })
const PhotoRef = Type.Object({ name: Type.String(), url: Type.String(), thumbUrl: Type.String(), width: Type.Integer(), height: Type.Integer() })
const Lamp = Str(['green', 'yellow', 'red', 'none'])

export const CaseSummarySchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  version: Type.Integer(),
  state: Str(CASE_STATES),
  category: CategoryRef,
  urgency: Str(URGENCIES),
  title: Type.String(),
  source: Str(CASE_SOURCES),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  holder: AreaRef,
  department: Type.Union([DepartmentRef, Type.Null()]),
  createdAt: Time,
  dueAt: NullableTime,
  lamp: Lamp,
  supervision: Str(['none', 'yellow', 'red']),
  closedAt: NullableTime,
  location: Type.Union([Type.Object({ lon: Type.Number(), lat: Type.Number() }), Type.Null()]),
})

export const CaseViewSchema = Type.Object({
  ...CaseSummarySchema.properties,
  description: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  grid: Type.Union([AreaRef, Type.Null()]),
  prevHolderCode: Type.Union([Type.String(), Type.Null()]),
  reporter: Type.Union([Type.String(), Type.Null()]),
  reporterRole: Type.Union([Type.String(), Type.Null()]),
  contact: Type.Union([
    Type.Object({
      name: Type.Union([Type.String(), Type.Null()]),
      // Masked only: a raw number can never leave through this schema.
      phone: Type.Union([Type.String({ pattern: '\\*' }), Type.Null()]),
    }),
    Type.Null(),
  ]),
  anonymous: Type.Boolean(),
  step: Type.Union([Str(CASE_STEPS), Type.Null()]),
  stepStartedAt: NullableTime,
  limit: Type.Union([Type.Object({ amount: Type.Number(), unit: Str(LIMIT_UNITS), extension: Type.Number() }), Type.Null()]),
  warnAt: NullableTime,
  extensionRequest: Type.Union([
    Type.Object({ by: Type.String(), party: Str(CASE_PARTIES), amount: Type.Number(), reason: Type.String(), at: Type.String() }),
    Type.Null(),
  ]),
  reworkCount: Type.Integer(),
  everOverdue: Type.Boolean(),
  result: Type.Union([Type.String(), Type.Null()]),
  acceptedAt: NullableTime,
  closedLevel: Type.Union([Type.String(), Type.Null()]),
  mergedInto: Type.Union([Type.Integer(), Type.Null()]),
  rating: Type.Union([Type.Integer(), Type.Null()]),
  ratingComment: Type.Union([Type.String(), Type.Null()]),
  photos: Type.Array(PhotoRef),
  people: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  parties: Type.Array(Str(CASE_PARTIES)),
  actions: Type.Array(Str(CASE_ACTIONS)),
})

export const CaseEventSchema = Type.Object({
  seq: Type.Integer(),
  at: Time,
  action: Str(CASE_ACTIONS),
  fromState: Type.Union([Str(CASE_STATES), Type.Null()]),
  toState: Str(CASE_STATES),
  actor: Type.String(),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  party: Str(CASE_PARTIES),
  reason: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([Type.String(), Type.Null()]),
  card: Type.Union([Str(CARDS), Type.Null()]),
  fromHolder: Type.Union([Type.String(), Type.Null()]),
  toHolder: Type.Union([Type.String(), Type.Null()]),
  department: Type.Union([Type.String(), Type.Null()]),
  amount: Type.Union([Type.Number(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
  photos: Type.Array(PhotoRef),
})
export const TimelineSchema = Type.Object({ events: Type.Array(CaseEventSchema) })

export const CasePageSchema = Type.Object({ items: Type.Array(CaseSummarySchema), next: Type.Union([Type.Integer(), Type.Null()]) })

export const CaseListQuery = Type.Object(
  {
    box: Type.Optional(Str(CASE_BOXES)),
    state: Type.Optional(Str(CASE_STATES)),
    category: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z_.]+$' })),
    area: Type.Optional(Type.String({ pattern: '^[0-9]{6,15}$' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    from: Type.Optional(Time),
    to: Type.Optional(Time),
    metric: Type.Optional(Str(['closed', 'first_line', 'on_time', 'late', 'reworked', 'rated', 'satisfied', 'open', 'overdue'])),
    after: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  closed,
)

export const InboxCountsSchema = Type.Object({ counts: Type.Record(Type.String(), Type.Integer()) })

export const NearbySchema = Type.Object({ nearby: Type.Array(CaseSummarySchema), duplicates: Type.Array(CaseSummarySchema) })

export const PhotoAnswer = PhotoRef

const CategoryNode = { code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), isPublic: Type.Boolean() }
export const CategoryTreeSchema = Type.Object({ categories: Type.Array(Type.Object({ ...CategoryNode, subcategories: Type.Array(Type.Object(CategoryNode)) })) })

export const DepartmentListSchema = Type.Object({
  departments: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), areaCode: Type.String(), suggested: Type.Boolean({ description: 'It handles this category' }) }),
  ),
})

export const MetricsQuerySchema = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[0-9]{6,15}$', description: 'An area in your scope (default: your scope)' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Cases reported from (default: 12 months before to)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Cases reported before (default: now)' })),
  },
  { additionalProperties: false },
)
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()])
const MetricsFigures = {
  area: AreaRef,
  from: Time,
  to: Time,
  reported: Type.Integer(),
  closed: Type.Integer(),
  firstLine: Type.Integer(),
  onTime: Type.Integer(),
  reworked: Type.Integer(),
  rated: Type.Integer(),
  satisfied: Type.Integer(),
  firstLineRate: Rate,
  onTimeRate: Rate,
  reworkRate: Rate,
  satisfactionRate: Rate,
  averageRating: Type.Union([Type.Number(), Type.Null()]),
  averageHoursToClose: Type.Union([Type.Number(), Type.Null()]),
  open: Type.Integer(),
  overdue: Type.Integer(),
}
export const CaseMetricsSchema = Type.Object({ ...MetricsFigures, children: Type.Array(Type.Object(MetricsFigures)) })
