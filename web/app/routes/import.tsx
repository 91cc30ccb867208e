// /import?root=CODE — import or redraw the children of an area. A new parent starts a fresh session.
import { useSearchParams } from 'react-router'
import { ImportWorkbench } from '../../features/boundary-import'

export function ImportRoute() {
  const [params, setParams] = useSearchParams()
  const root = params.get('root') ?? undefined
  return <ImportWorkbench key={root ?? '(none)'} parentCode={root} onParentChange={(code) => setParams({ root: code })} />
}
