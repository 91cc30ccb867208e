// 简体中文 messages of the registry's places pages (merged into messages.zh.ts); the English file has the same keys.
export const placesZh = {
} satisfies Record<string, string>
