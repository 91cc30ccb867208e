// Changes to facilities (部件): POST /registry/facilities (at its location), PATCH …/:id (only what
// changed, against the version read; a change of state is its own history entry), POST …/retire.
import { apiFetch } from '../../../shared/api/client'
import type { FacilityBody, FacilityPatchBody, FacilityView, ReasonBody } from '../places-types'
import { usePlaceMutation } from './places-query'

export const createFacility = (body: FacilityBody) => apiFetch<FacilityView>('/registry/facilities', { method: 'POST', json: body })
export const updateFacility = (id: number, body: FacilityPatchBody) => apiFetch<FacilityView>(`/registry/facilities/${id}`, { method: 'PATCH', json: body })
export const retireFacility = (id: number, body: ReasonBody) => apiFetch<FacilityView>(`/registry/facilities/${id}/retire`, { method: 'POST', json: body })

export const useCreateFacility = () => usePlaceMutation('facilities', createFacility)
export const useUpdateFacility = () => usePlaceMutation('facilities', ({ id, body }: { id: number; body: FacilityPatchBody }) => updateFacility(id, body))
export const useRetireFacility = () => usePlaceMutation('facilities', ({ id, body }: { id: number; body: ReasonBody }) => retireFacility(id, body))
