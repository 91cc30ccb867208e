// /registry/import — spreadsheet import of people (registry.write): upload, report, apply, progress;
// ?job=ID reopens one import's report.
import { ImportPage } from '../../features/registry'

export function RegistryImportRoute() {
  return <ImportPage />
}
