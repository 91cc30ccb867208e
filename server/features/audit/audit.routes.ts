// HTTP routes of the audit trail, for the auditor (permission audit.read): the query and the verifier.
// Reading the trail is itself recorded (audit.read with the filter, audit.verify with the verdict).
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { AppDatabase } from '../../db-schema.ts'
import type { AuditVerdictView } from '../../../shared/api-types.ts'
import { Errors, validationFailed } from '../../infra/http/errors.ts'
import { queryAuditEvents, verifyAuditChain } from './audit.repository.ts'
import { AuditEventPageSchema, AuditQuerySchema, AuditVerdictSchema } from './audit.schemas.ts'

export interface AuditRoutesOptions {
  database: AppDatabase
}

/** Registers GET /audit/events and GET /audit/verify. */
export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (fastify, { database }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = database.db

  app.get(
    '/audit/events',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first, filtered; keyset-paged with before',
        description:
          'Filters combine (all must match). action "auth.*" matches every action under auth.; target "area:630102*" every target with that prefix. from ≤ occurredAt < to. The read itself is recorded (audit.read).',
        querystring: AuditQuerySchema,
        response: { 200: AuditEventPageSchema, ...Errors(400, 401, 403) },
      },
    },
    async (request) => {
      const filter = request.query
      if (filter.from !== undefined && filter.to !== undefined && Date.parse(filter.from) > Date.parse(filter.to)) {
        throw validationFailed([{ field: '/to', location: 'querystring', message: 'must not be before from', problem: 'range' }])
      }
      const page = await queryAuditEvents(db, filter)
      await request.audit({
        action: 'audit.read',
        outcome: 'success',
        detail: { filter: { ...filter }, returned: page.items.length },
      })
      return page
    },
  )

  app.get(
    '/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain of the retained trail; name the first altered, missing or moved record',
        description:
          'Starts at the oldest retained record (after the anchor left by the retention rule). The verification is recorded (audit.verify, outcome failure when the chain is broken).',
        response: { 200: AuditVerdictSchema, ...Errors(401, 403) },
      },
    },
    async (request) => {
      const verdict = await verifyAuditChain(db)
      const view: AuditVerdictView = {
        ok: verdict.ok,
        checked: verdict.checked,
        firstSeq: verdict.firstSeq,
        ...(verdict.firstBad ? { firstBad: verdict.firstBad } : {}),
      }
      await request.audit({
        action: 'audit.verify',
        outcome: verdict.ok ? 'success' : 'failure',
        detail: { ...view, anchor: verdict.anchor },
      })
      return view
    },
  )
}
