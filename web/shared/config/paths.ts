// The app's routes in one place, so features can link to each other's pages without knowing the router.
export const paths = {
  map: (areaCode?: string) => (areaCode ? `/?area=${encodeURIComponent(areaCode)}` : '/'),
  coverage: (rootCode?: string) => (rootCode ? `/coverage?root=${encodeURIComponent(rootCode)}` : '/coverage'),
  import: (rootCode?: string) => (rootCode ? `/import?root=${encodeURIComponent(rootCode)}` : '/import'),
  /** The login flow; `next` is where to go once logged in. */
  login: (next?: string) => (next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'),
  accounts: '/admin/accounts',
  securityPolicy: '/admin/security',
  audit: '/admin/audit',
  apiTokens: '/account/tokens',
  changePassword: '/account/password',
  apiDocs: '/api/docs',
} as const
