// Residents' concerns (社情民意): POST /registry/concerns (placed at a location, in a grid, or in the
// resident's grid), POST …/close (settled, with a reason), POST …/convert (became a case, with its
// reference). Both ends carry the version read.
import { apiFetch } from '../../../shared/api/client'
import type { ConcernConvertBody, ConcernCreateBody, ConcernView, ReasonBody } from '../places-types'
import { usePlaceMutation } from './places-query'

export const createConcern = (body: ConcernCreateBody) => apiFetch<ConcernView>('/registry/concerns', { method: 'POST', json: body })
export const closeConcern = (id: number, body: ReasonBody) => apiFetch<ConcernView>(`/registry/concerns/${id}/close`, { method: 'POST', json: body })
export const convertConcern = (id: number, body: ConcernConvertBody) => apiFetch<ConcernView>(`/registry/concerns/${id}/convert`, { method: 'POST', json: body })

export const useCreateConcern = () => usePlaceMutation('concerns', createConcern)
export const useCloseConcern = () => usePlaceMutation('concerns', ({ id, body }: { id: number; body: ReasonBody }) => closeConcern(id, body))
export const useConvertConcern = () => usePlaceMutation('concerns', ({ id, body }: { id: number; body: ConcernConvertBody }) => convertConcern(id, body))
