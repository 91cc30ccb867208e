// Public entry of the boundary import feature (边界导入与绘制).
export { ImportWorkbench } from './components/import-workbench'
export { importBoundaries, importBoundariesMutationOptions, useImportBoundaries, type ImportMode, type ImportResult } from './api/import-boundaries'
export { parseImportFile, type ParseResult, type ParseProblem } from './lib/parse-geojson'
export { findSnap, buildSnapIndex, type SnapIndex } from './lib/snap'
