// Changes to rental housing: POST /registry/rentals (a room rented out, with its landlord and
// tenants; one active rental per room), POST …/tenants (add a tenant), POST …/tenants/:personId/end
// (end a tenancy), POST …/end (end the rental with a reason; its open tenancies end the same day).
// Each change after the first carries the rental's version (409 stale_version when it moved on).
import { apiFetch } from '../../../shared/api/client'
import type { RentalCreateBody, RentalEndBody, RentalView, TenancyEndBody, TenantAddBody } from '../places-types'
import { usePlaceMutation } from './places-query'

export const createRental = (body: RentalCreateBody) => apiFetch<RentalView>('/registry/rentals', { method: 'POST', json: body })
export const addTenant = (id: number, body: TenantAddBody) => apiFetch<RentalView>(`/registry/rentals/${id}/tenants`, { method: 'POST', json: body })
export const endTenancy = (id: number, personId: number, body: TenancyEndBody) =>
  apiFetch<RentalView>(`/registry/rentals/${id}/tenants/${personId}/end`, { method: 'POST', json: body })
export const endRental = (id: number, body: RentalEndBody) => apiFetch<RentalView>(`/registry/rentals/${id}/end`, { method: 'POST', json: body })

export const useCreateRental = () => usePlaceMutation('rentals', createRental)
export const useAddTenant = () => usePlaceMutation('rentals', ({ id, body }: { id: number; body: TenantAddBody }) => addTenant(id, body))
export const useEndTenancy = () =>
  usePlaceMutation('rentals', ({ id, personId, body }: { id: number; personId: number; body: TenancyEndBody }) => endTenancy(id, personId, body))
export const useEndRental = () => usePlaceMutation('rentals', ({ id, body }: { id: number; body: RentalEndBody }) => endRental(id, body))
