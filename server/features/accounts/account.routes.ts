// HTTP routes of the system admin's account administration (docs/auth.md, "Accounts"). Thin: every
// route needs the permission account.manage (checked by the auth plugin before the handler), parses
// with closed schemas and calls account.service.ts.
import { usePlainJsonParser } from '../../infra/http/plain-json.ts'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { AppDatabase } from '../../db-schema.ts'
import { AppError } from '../../infra/http/errors.ts'
import {
  AccountCreatedSchema,
  AccountIdParams,
  AccountListQuery,
  AccountListSchema,
  AccountPersonalDataSchema,
  AccountViewSchema,
  CreateAccountBody,
  Errors,
  GridAssignmentChangeSchema,
  GridAssignmentListSchema,
  GridAssignmentQuery,
  GridCodesBody,
  PersonalDataBody,
  UpdateAccountBody,
} from './account.schemas.ts'
import {
  createAccount,
  getAccount,
  getAccountGrids,
  listAccounts,
  listGridAssignments,
  resetPassword,
  resetTotp,
  revealPersonalData,
  setAccountGrids,
  updateAccount,
  withFailureAudit,
  type AdminContext,
} from './account.service.ts'

export interface AccountRoutesOptions {
  database: AppDatabase
}

const access = { permission: 'account.manage' } as const
const tags = ['accounts']

/** Registers /accounts and /grid-assignments (the system admin's API). */
export const accountRoutes: FastifyPluginAsync<AccountRoutesOptions> = async (fastify, { database }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const db = database.db

  // Closed bodies: a "__proto__" key is refused by name like any other (see plain-json.ts).
  usePlainJsonParser(app)

  const ctxOf = (request: FastifyRequest): AdminContext => {
    if (!request.principal) throw new AppError('unauthenticated', 'Log in first: no session, or it has ended')
    return { db, principal: request.principal, scope: request.scope, source: request.ip, audit: (input) => request.audit(input) }
  }

  app.get(
    '/accounts',
    {
      config: access,
      schema: {
        tags,
        summary: 'Accounts within your scope, filtered and paged',
        querystring: AccountListQuery,
        response: { 200: AccountListSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => listAccounts(ctxOf(request), request.query),
  )

  app.post(
    '/accounts',
    {
      config: access,
      schema: {
        tags,
        summary: 'Create an account with a one-time temporary password',
        description:
          'The user must change the password and enrol TOTP at first login. The role decides the levels the scope may sit at (400 scope_level); the scope must lie in yours (404). A taken username is 409 conflict. Any other field (password, status, totpSecret, id…) is refused with its name.',
        body: CreateAccountBody,
        response: { 201: AccountCreatedSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request)
      const created = await withFailureAudit(ctx, 'account.create', `username:${request.body.username}`, () => createAccount(ctx, request.body))
      return reply.status(201).send(created)
    },
  )

  app.get(
    '/accounts/:id',
    {
      config: access,
      schema: {
        tags,
        summary: 'One account (personal data masked)',
        params: AccountIdParams,
        response: { 200: AccountViewSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => getAccount(ctxOf(request), request.params.id),
  )

  app.patch(
    '/accounts/:id',
    {
      config: access,
      schema: {
        tags,
        summary: 'Change an account (optimistic: send the version you read)',
        description:
          '409 conflict when the version is stale. The admin duties stay separate (400 admin_duty_separate); nobody changes their own role, scope or status (400 self_change). Disabling ends the account\'s sessions at once; a role or scope change applies from its next request. A change that would leave any of a grid worker\'s grids outside its scope is refused (409, problem grids_assigned, every grid listed): reassign or release them first with PUT /accounts/:id/grids.',
        params: AccountIdParams,
        body: UpdateAccountBody,
        response: { 200: AccountViewSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request)
      const { id } = request.params
      return withFailureAudit(ctx, 'account.update', `account:${id}`, () => updateAccount(ctx, id, request.body))
    },
  )

  app.post(
    '/accounts/:id/password-reset',
    {
      config: access,
      schema: {
        tags,
        summary: 'Give the account a new temporary password (shown once); ends its sessions',
        params: AccountIdParams,
        response: { 200: AccountCreatedSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request)
      const { id } = request.params
      return withFailureAudit(ctx, 'account.password_reset', `account:${id}`, () => resetPassword(ctx, id))
    },
  )

  app.post(
    '/accounts/:id/totp-reset',
    {
      config: access,
      schema: {
        tags,
        summary: 'Clear the account\'s second factor: it enrols again at next login; ends its sessions',
        params: AccountIdParams,
        response: { 200: AccountViewSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request)
      const { id } = request.params
      return withFailureAudit(ctx, 'account.totp_reset', `account:${id}`, () => resetTotp(ctx, id))
    },
  )

  app.post(
    '/accounts/:id/personal-data',
    {
      config: access,
      schema: {
        tags,
        summary: 'Reveal the account\'s personal data, unmasked (audited with the reason)',
        description:
          'Needs the permission personal.unmask (403 forbidden) and a re-authentication (POST /auth/reauth) within the security policy\'s reauthMinutes (401 reauth_required). Every request is recorded in the audit trail with its reason, granted or not.',
        params: AccountIdParams,
        body: PersonalDataBody,
        response: { 200: AccountPersonalDataSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => revealPersonalData(ctxOf(request), request.params.id, request.body.reason),
  )

  app.get(
    '/accounts/:id/grids',
    {
      config: access,
      schema: {
        tags,
        summary: 'The grids a grid worker is responsible for',
        params: AccountIdParams,
        response: { 200: GridAssignmentListSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => getAccountGrids(ctxOf(request), request.params.id),
  )

  app.put(
    '/accounts/:id/grids',
    {
      config: access,
      schema: {
        tags,
        summary: 'Replace a grid worker\'s grids (each grid has one worker: a grid taken from another worker moves)',
        description:
          'Only for active grid_worker accounts. Every code must be a current grid in your scope and in the worker\'s scope; every offending code is listed (problems not_found, not_grid, area_retired, outside_worker_scope). The answer names the grids added, removed (now without a worker) and moved from another worker.',
        params: AccountIdParams,
        body: GridCodesBody,
        response: { 200: GridAssignmentChangeSchema, ...Errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request)
      const { id } = request.params
      return withFailureAudit(ctx, 'grid.assign', `account:${id}`, () => setAccountGrids(ctx, id, request.body.gridCodes))
    },
  )

  app.get(
    '/grid-assignments',
    {
      config: access,
      schema: {
        tags,
        summary: 'Every grid under an area with its worker (or none)',
        querystring: GridAssignmentQuery,
        response: { 200: GridAssignmentListSchema, ...Errors(400, 401, 403, 404) },
      },
    },
    async (request) => listGridAssignments(ctxOf(request), request.query),
  )
}
