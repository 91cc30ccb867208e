// /registry/import — spreadsheet import of people (registry.write): upload, report, apply, progress.
// (Page to come: filled in by its own change.)
export function RegistryImportRoute() {
  return null
}
