// Public entry of the security policy feature (安全策略): the security admin's policy form.
export { SecurityPolicyForm } from './components/security-policy-form'
export { PASSWORD_PROFILES } from './lib/policy'
