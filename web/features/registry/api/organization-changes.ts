// Changes to organizations: POST /registry/organizations (register; placed by a building, a location,
// the address of a registered building, or a grid with a location), PATCH …/:id (only what changed,
// against the version read), POST …/retire (with a reason). POST …/personal-data reveals the phone
// (a reason, personal.unmask and a recent re-authentication): its answer stays in the dialog only.
import { useMutation } from '@tanstack/react-query'
import { apiFetch } from '../../../shared/api/client'
import type { OrganizationBody, OrganizationPatchBody, OrganizationPersonalData, OrganizationView, ReasonBody } from '../places-types'
import { usePlaceMutation } from './places-query'

export const createOrganization = (body: OrganizationBody) => apiFetch<OrganizationView>('/registry/organizations', { method: 'POST', json: body })
export const updateOrganization = (id: number, body: OrganizationPatchBody) => apiFetch<OrganizationView>(`/registry/organizations/${id}`, { method: 'PATCH', json: body })
export const retireOrganization = (id: number, body: ReasonBody) => apiFetch<OrganizationView>(`/registry/organizations/${id}/retire`, { method: 'POST', json: body })
export const revealOrganizationPhone = (id: number, reason: string) =>
  apiFetch<OrganizationPersonalData>(`/registry/organizations/${id}/personal-data`, { method: 'POST', json: { fields: ['phone'], reason } })

export const useCreateOrganization = () => usePlaceMutation('organizations', createOrganization)
export const useUpdateOrganization = () => usePlaceMutation('organizations', ({ id, body }: { id: number; body: OrganizationPatchBody }) => updateOrganization(id, body))
export const useRetireOrganization = () => usePlaceMutation('organizations', ({ id, body }: { id: number; body: ReasonBody }) => retireOrganization(id, body))
export const useRevealOrganizationPhone = () =>
  useMutation({ mutationFn: ({ id, reason }: { id: number; reason: string }) => revealOrganizationPhone(id, reason), gcTime: 0 })
