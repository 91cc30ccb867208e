// POST /cases — report a case. The Idempotency-Key (made when the form opened) goes with every try of
// the same form, so a resend from a weak network answers with the case already filed.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { CaseReportBody, ReportAnswer } from '../types'

export function reportCase(body: CaseReportBody, idempotencyKey: string): Promise<ReportAnswer> {
  return apiFetch<ReportAnswer>('/cases', { method: 'POST', json: body, headers: { 'Idempotency-Key': idempotencyKey } })
}

export function useReportCase() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ body, key }: { body: CaseReportBody; key: string }) => reportCase(body, key),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['cases'], predicate: (q) => q.queryKey[1] !== 'categories' }),
  })
}
