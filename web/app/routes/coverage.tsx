// /coverage?root=CODE&tol=1 — the coverage check of a subtree; the URL holds what was run.
import { useSearchParams } from 'react-router'
import { CoverageCheck } from '../../features/coverage'

export function CoverageRoute() {
  const [params, setParams] = useSearchParams()
  const root = params.get('root') ?? undefined
  const tolRaw = Number(params.get('tol') ?? '1')
  const toleranceM2 = Number.isFinite(tolRaw) && tolRaw >= 0 ? tolRaw : 1
  return (
    <CoverageCheck
      params={root ? { root, toleranceM2 } : undefined}
      onRun={(p) => setParams(p.toleranceM2 === 1 ? { root: p.root } : { root: p.root, tol: String(p.toleranceM2) })}
    />
  )
}
