// An area named by its code (the timeline keeps codes of holders): the name once read, else the code
// (an area outside the reader's scope, e.g. a department's view of a street, stays a code).
import { useArea } from '../../areas'

export function AreaName({ code }: { code: string }) {
  const area = useArea(code)
  return (
    <span data-testid="area-name" data-code={code} title={code}>
      {area.data?.name ?? code}
    </span>
  )
}
