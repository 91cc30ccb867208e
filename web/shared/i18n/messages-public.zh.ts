// 简体中文 messages of the public pages (report, track; merged into messages.zh.ts); the other language's file has the same keys.
export const publicZh = {
  'public.title': '群众随手报',
}
