// Validation building blocks for the registry: the web forms check as the user types, the server
// checks again. Each parser returns { ok: true, … } or { ok: false, problems } listing every
// problem with a stable snake_case code; none throws on bad input.
export * from './id-number.ts'
export * from './credit-code.ts'
export * from './phone.ts'
export * from './person-name.ts'
export * from './ethnicity.ts'
