// TypeBox schemas of the auth routes' answers (the shapes are in shared/api-types.ts).
import { Type } from 'typebox'
import { LevelSchema } from '../areas/area.schemas.ts'
import { PERMISSIONS, ROLES } from '../../../shared/roles.ts'
import { PasswordPolicySchema } from './security-policy.ts'
export { Errors } from '../../infra/http/errors.ts'

export const RoleSchema = Type.Enum([...ROLES])
export const PermissionSchema = Type.Enum([...PERMISSIONS])
export const AreaRefSchema = Type.Object({ code: Type.String(), name: Type.String(), level: LevelSchema })

export const SessionInfoSchema = Type.Object({
  stage: Type.Union([Type.Literal('totp'), Type.Literal('password_change'), Type.Literal('totp_enrol'), Type.Literal('active')], {
    description: 'What the session still has to do; "active" opens the API',
  }),
  csrfToken: Type.String({ description: 'Send back in X-CSRF-Token with every write made with the session cookie' }),
  account: Type.Object({
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    role: RoleSchema,
    scope: AreaRefSchema,
    permissions: Type.Array(PermissionSchema),
  }),
  expiresAt: Type.String({ format: 'date-time' }),
  idleExpiresAt: Type.String({ format: 'date-time' }),
  reauthUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  passwordPolicy: PasswordPolicySchema,
})

export const TotpEnrolmentSchema = Type.Object({
  secret: Type.String({ description: 'Base32 secret, for typing into the app by hand' }),
  otpauthUri: Type.String(),
  qrSvg: Type.String({ description: 'The otpauth URI as a QR code (SVG document)' }),
})

const ApiTokenFields = {
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to recognise it' }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
}
export const ApiTokenSchema = Type.Object(ApiTokenFields)
export const ApiTokenListSchema = Type.Object({ items: Type.Array(ApiTokenSchema) })
export const ApiTokenCreatedSchema = Type.Object({ ...ApiTokenFields, token: Type.String() })
