// Spreadsheets in and out of the registry: readSheet turns an uploaded XLSX/CSV into a header and rows
// with every structural problem (sheet-reader.ts), mapHeaders maps its headers to field keys
// (header-map.ts), writeXlsx/toCsv write exports safe against formula injection (sheet-writer.ts).
// Pure code: no database, no HTTP; the importer and the export routes build on it.
export {
  readSheet,
  cellRef,
  formatNumber,
  isDateFormat,
  serialToText,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  MAX_CELLS,
  MAX_INFLATED_BYTES,
  MAX_SHARED_STRING_CHARS,
  MAX_PROBLEMS_PER_CODE,
  PROBLEM_CODES,
  type ReadSheetOptions,
  type ReadSheetResult,
  type SheetProblem,
  type SheetProblemCode,
  type SheetRow,
} from './sheet-reader.ts'
export { mapHeaders, normalizeHeader, PERSON_COLUMNS, type ColumnSpec, type HeaderMapping } from './header-map.ts'
export { neutralizeFormula, toCsv, writeXlsx, type ExportColumn, type ExportRow, type ExportValue } from './sheet-writer.ts'
