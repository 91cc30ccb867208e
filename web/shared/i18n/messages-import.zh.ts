// 简体中文 messages of the registry's import pages (merged into messages.zh.ts); the English file has the same keys.
export const importZh = {
} satisfies Record<string, string>
