// The import page: '/registry/import', and one import's report (?job=ID, so a reload or a link
// reopens it).
export const importPaths = {
  page: '/registry/import',
  job: (id: number) => `/registry/import?job=${id}`,
} as const

/** The job id of the page's ?job= parameter, or undefined when absent or not an id. */
export function jobIdFrom(value: string | null): number | undefined {
  if (!value || !/^[1-9]\d{0,15}$/.test(value)) return undefined
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : undefined
}
