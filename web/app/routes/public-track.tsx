// /track and /track/:number — a resident follows and rates their report (no account).
import { TrackPage } from '../../features/public-report'

export function PublicTrackRoute() {
  return <TrackPage />
}
