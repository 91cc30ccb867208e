// English messages of the public pages (report, track; merged into messages.en.ts); the other language's file has the same keys.
export const publicEn = {
  'public.title': 'Report a problem',
}
