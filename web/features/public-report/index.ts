// Public entry of the public-report feature (群众随手报): a resident reports a problem without an
// account and follows it by its tracking number. Staff code stays out: this feature imports only
// web/shared, the auth session (already in the main bundle) and the shared case contract.
export { ReportPage } from './components/report-page'
export { TrackPage } from './components/track-page'
export { normalizeTrackingNumber, isTrackingNumber, publicPaths } from './lib/tracking'
