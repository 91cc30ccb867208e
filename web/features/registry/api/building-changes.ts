// Changes to buildings: POST /registry/buildings (register, with rooms by a generator or a list),
// PATCH /registry/buildings/:id (only what changed, against the version read; 409 stale_version),
// POST …/retire (with a reason; refused while people live in it or a room is rented),
// POST …/rooms (add rooms; a unit and number it has already is refused).
import { apiFetch } from '../../../shared/api/client'
import type { BuildingCreateBody, BuildingPatchBody, BuildingView, ReasonBody, RoomsAddBody } from '../places-types'
import { usePlaceMutation } from './places-query'

export const createBuilding = (body: BuildingCreateBody) => apiFetch<BuildingView>('/registry/buildings', { method: 'POST', json: body })
export const updateBuilding = (id: number, body: BuildingPatchBody) => apiFetch<BuildingView>(`/registry/buildings/${id}`, { method: 'PATCH', json: body })
export const retireBuilding = (id: number, body: ReasonBody) => apiFetch<BuildingView>(`/registry/buildings/${id}/retire`, { method: 'POST', json: body })
export const addRooms = (id: number, body: RoomsAddBody) => apiFetch<BuildingView>(`/registry/buildings/${id}/rooms`, { method: 'POST', json: body })

export const useCreateBuilding = () => usePlaceMutation('buildings', createBuilding)
export const useUpdateBuilding = () => usePlaceMutation('buildings', ({ id, body }: { id: number; body: BuildingPatchBody }) => updateBuilding(id, body))
export const useRetireBuilding = () => usePlaceMutation('buildings', ({ id, body }: { id: number; body: ReasonBody }) => retireBuilding(id, body))
export const useAddRooms = () => usePlaceMutation('buildings', ({ id, body }: { id: number; body: RoomsAddBody }) => addRooms(id, body))
