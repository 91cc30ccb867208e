// /track/:number — a resident follows and rates their report (no account). Being written.
export function PublicTrackRoute() {
  return null
}
