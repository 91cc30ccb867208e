// Public entry of the accounts feature (issue 3, in progress): credentials and scope building blocks.
export { hashPassword, verifyPassword, needsRehash } from './password.ts'
export { PASSWORD_PROFILES, checkPassword, passwordExpired } from './password-policy.ts'
export type { PasswordPolicy, PasswordProblem } from './password-policy.ts'
export { newTotpSecret, totpUri, verifyTotp } from './totp.ts'
export { inScope, scopeFilter } from './scope.ts'
