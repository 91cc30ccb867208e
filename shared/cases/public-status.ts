// What a resident (public page, Open311) is told about a case: plain language, no internal detail
// (no names of staff, no departments, no reasons).
import type { CaseAction, CaseState } from './workflow.ts'

export type PublicStatus = 'received' | 'in_progress' | 'resolved' | 'not_accepted' | 'merged'

const STATUS_TEXT: Record<PublicStatus, { zh: string; en: string }> = {
  received: { zh: '已收到，等待受理', en: 'Received, waiting to be taken on' },
  in_progress: { zh: '正在处理', en: 'Being dealt with' },
  resolved: { zh: '已办结', en: 'Resolved' },
  not_accepted: { zh: '未予受理', en: 'Not taken on' },
  merged: { zh: '已与相同问题的报告合并处理', en: 'Merged with a report of the same problem' },
}

export function publicStatusOf(state: CaseState): { status: PublicStatus; text: { zh: string; en: string } } {
  const status: PublicStatus =
    state === 'reported' ? 'received' : state === 'closed' ? 'resolved' : state === 'rejected' ? 'not_accepted' : state === 'merged' ? 'merged' : 'in_progress'
  return { status, text: STATUS_TEXT[status] }
}

/** Open311's two statuses. */
export const open311Status = (state: CaseState): 'open' | 'closed' => (state === 'reported' || state === 'accepted' || state === 'dispatched' || state === 'to_verify' ? 'open' : 'closed')

/** The steps a resident sees in the history of their report (others are internal). */
export function publicStepText(action: CaseAction, to: CaseState): { zh: string; en: string } | null {
  switch (action) {
    case 'report':
      return { zh: '您的报告已提交', en: 'Your report was submitted' }
    case 'accept':
      return { zh: '已受理（立案）', en: 'Taken on' }
    case 'reject':
      return STATUS_TEXT.not_accepted
    case 'escalate':
      return { zh: '已转上级处理', en: 'Passed to a higher level' }
    case 'dispatch':
      return { zh: '已派职能部门处理', en: 'Sent to the department responsible' }
    case 'feedback':
      return { zh: '处理完毕，等待核查', en: 'Dealt with, being checked' }
    case 'rework':
      return { zh: '核查未通过，重新处理', en: 'Check failed: being dealt with again' }
    case 'close':
    case 'verify':
      return STATUS_TEXT.resolved
    case 'merge':
      return STATUS_TEXT.merged
    case 'rate':
      return { zh: '您已评价', en: 'You rated the result' }
    default:
      return to === 'closed' ? STATUS_TEXT.resolved : null
  }
}
