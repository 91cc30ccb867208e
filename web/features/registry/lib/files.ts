// Files going in and out of the registry: the name a download is saved under, handing a file to the
// browser as a download, and what an upload may be.

/**
 * The file name of a Content-Disposition header: filename* (RFC 5987, UTF-8, percent-encoded) when
 * given, else filename; path parts and control characters removed. Undefined when it names none.
 */
export function filenameFromDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined
  const star = /filename\*\s*=\s*([^;]+)/i.exec(header)
  let name: string | undefined
  if (star) {
    const value = star[1]!.trim().replace(/^"|"$/g, '')
    const m = /^([\w-]*)'[^']*'(.*)$/.exec(value)
    try {
      name = decodeURIComponent(m ? m[2]! : value)
    } catch {
      name = undefined
    }
  }
  if (!name) {
    const plain = /(?:^|;)\s*filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header)
    if (plain) name = (plain[2] ?? plain[1]!).trim()
  }
  if (!name) return undefined
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return base || undefined
}

/** `name` with a date before its extension: 实有人口.xlsx → 实有人口-2026-03-01.xlsx. */
export function datedFilename(name: string, date: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
  const dot = name.lastIndexOf('.')
  return dot > 0 ? `${name.slice(0, dot)}-${day}${name.slice(dot)}` : `${name}-${day}`
}

/** Offers a file to the user as a download (the object URL is let go of a little later). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Largest upload the server takes (IMPORT_MAX_BYTES in server/features/registry/import.service.ts). */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024

/** What the file picker offers; the server decides by content, never by name. */
export const IMPORT_ACCEPT = '.xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv'

/** Why a picked file is not sent at all (empty or too large), or undefined when it may go. */
export function uploadRefusal(file: { size: number }): 'empty' | 'too_large' | undefined {
  if (file.size === 0) return 'empty'
  if (file.size > IMPORT_MAX_BYTES) return 'too_large'
  return undefined
}
