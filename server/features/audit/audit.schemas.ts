// TypeBox schemas of the audit API (validation, serialization and OpenAPI from one source).
import { Type } from 'typebox'
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from './audit.repository.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const OutcomeSchema = Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')])

/** An action, or a prefix of actions ending in ".*": "area.import", "auth.*". */
export const ACTION_FILTER_PATTERN = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?$'

export const AuditQuerySchema = Type.Object(
  {
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Exact account name (or "anonymous", "system")' })),
    action: Type.Optional(
      Type.String({
        maxLength: 200,
        pattern: ACTION_FILTER_PATTERN,
        description: 'Exact action, or every action under a prefix with ".*": auth.*',
        examples: ['area.import', 'auth.*'],
      }),
    ),
    target: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Exact target (kind:id), or every target starting with the text before a final "*": area:630102*',
        examples: ['area:630102001001', 'area:630102*'],
      }),
    ),
    outcome: Type.Optional(OutcomeSchema),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Records written at or after this time (RFC 3339 with time zone)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Records written before this time (exclusive)' })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Keyset cursor: nextBefore of the previous page' })),
    limit: Type.Integer({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT }),
  },
  { additionalProperties: false },
)

export const AuditEventSchema = Type.Object({
  seq: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  target: Nullable(Type.String()),
  source: Nullable(Type.String()),
  outcome: OutcomeSchema,
  detail: Type.Object({}, { additionalProperties: true }),
  hash: Type.String({ description: 'SHA-256 of the record and the hash of the one before it' }),
})

export const AuditEventPageSchema = Type.Object({
  items: Type.Array(AuditEventSchema),
  nextBefore: Nullable(Type.Integer({ description: 'Pass as before to get the next (older) page; null at the end' })),
})

export const AuditVerdictSchema = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ description: 'Records checked, from the oldest retained one' }),
  firstSeq: Nullable(Type.Integer({ description: 'seq of the oldest retained record; older ones were removed by the retention rule' })),
  firstBad: Type.Optional(
    Type.Object({
      seq: Type.Integer(),
      problem: Type.Union([Type.Literal('tampered'), Type.Literal('missing'), Type.Literal('reordered'), Type.Literal('broken_link')]),
      message: Type.String(),
    }),
  ),
})
