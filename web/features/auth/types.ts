// Sessions and the login steps as the API returns them (shared/api-types.ts).
export type { ApiTokenCreated, ApiTokenView, PasswordPolicyView, SessionInfo, SessionStage, TotpEnrolment } from '../../../shared/api-types'
export type { Permission, Role } from '../../../shared/roles'
