// Photo intake for case reports: checks an upload by its content, re-encodes it to a plain JPEG
// (first frame, EXIF orientation applied, no metadata at all) and makes a thumbnail.
// Nothing of the original file survives but its pixels: GPS position, camera serial numbers, XMP,
// ICC comments, trailing archives of polyglot files are all dropped. Storage is the caller's job;
// photoStorageName() gives it a name that owes nothing to the upload.
import crypto from 'node:crypto'
import sharp, { type Metadata, type OutputInfo } from 'sharp'

export const PHOTO_LIMITS = { maxBytes: 10 * 1024 * 1024, maxPixels: 50_000_000, maxEdge: 2560, thumbEdge: 320 } as const

/** The limits as plain numbers (`typeof PHOTO_LIMITS` has literal types, which would forbid overrides). */
export type PhotoLimits = { -readonly [K in keyof typeof PHOTO_LIMITS]: number }

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp'

export type PhotoProblem = 'empty' | 'too_large' | 'not_an_image' | 'unsupported_type' | 'damaged' | 'too_many_pixels'

const PROBLEM_TEXT: Record<PhotoProblem, string> = {
  empty: 'the upload is empty',
  too_large: 'the upload is too large',
  not_an_image: 'the upload is not an image',
  unsupported_type: 'this image type is not accepted (use JPEG, PNG or WebP)',
  damaged: 'the image is damaged or incomplete',
  too_many_pixels: 'the image has too many pixels',
}

export class PhotoRejected extends Error {
  readonly problem: PhotoProblem
  /** The type recognized from the content, when there was one (e.g. 'image/gif'). */
  readonly detected: string | null

  constructor(problem: PhotoProblem, detected: string | null = null, options?: { cause?: unknown }) {
    super(detected ? `${PROBLEM_TEXT[problem]} (${detected})` : PROBLEM_TEXT[problem], options)
    this.name = 'PhotoRejected'
    this.problem = problem
    this.detected = detected
  }
}

const ACCEPTED: ReadonlyMap<string, { type: PhotoType; sharpFormat: string }> = new Map([
  ['image/jpeg', { type: 'image/jpeg', sharpFormat: 'jpeg' }],
  ['image/png', { type: 'image/png', sharpFormat: 'png' }],
  ['image/webp', { type: 'image/webp', sharpFormat: 'webp' }],
])

// ---------------------------------------------------------------------------------------------
// Type sniffing

function hasBytes(data: Uint8Array, offset: number, bytes: readonly number[]): boolean {
  if (data.length < offset + bytes.length) return false
  for (let i = 0; i < bytes.length; i++) if (data[offset + i] !== bytes[i]) return false
  return true
}

function latin1(data: Uint8Array, start: number, end: number): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1', start, Math.min(end, data.length))
}

function hasAscii(data: Uint8Array, offset: number, text: string): boolean {
  return data.length >= offset + text.length && latin1(data, offset, offset + text.length) === text
}

function u32be(data: Uint8Array, offset: number): number {
  return ((data[offset] ?? 0) * 0x1000000 + ((data[offset + 1] ?? 0) << 16) + ((data[offset + 2] ?? 0) << 8) + (data[offset + 3] ?? 0))
}

/** ISO base media files (HEIC, HEIF, AVIF, MP4, QuickTime): decided by the ftyp brands. */
function sniffFtyp(data: Uint8Array): string | null {
  if (!hasAscii(data, 4, 'ftyp') || data.length < 12) return null
  const boxEnd = Math.min(Math.max(u32be(data, 0), 16), data.length, 4096)
  const major = latin1(data, 8, 12)
  const brands = [major]
  for (let o = 16; o + 4 <= boxEnd; o += 4) brands.push(latin1(data, o, o + 4))
  const typeOf = (brand: string): string | null => {
    if (brand === 'avif' || brand === 'avis') return 'image/avif'
    if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'].includes(brand)) return 'image/heic'
    if (brand === 'mif1' || brand === 'msf1') return 'image/heif'
    if (brand === 'crx ') return 'image/x-canon-cr3'
    if (brand === 'qt  ') return 'video/quicktime'
    return null
  }
  // The major brand wins; 'mif1' majors often name the real codec among the compatible brands.
  const byMajor = typeOf(major)
  if (byMajor && byMajor !== 'image/heif') return byMajor
  for (const brand of brands) {
    const t = typeOf(brand)
    if (t && t !== 'image/heif') return t
  }
  if (byMajor) return byMajor
  return /^[\x20-\x7e]{4}$/.test(major) ? 'video/mp4' : null
}

// Markup that browsers would render as HTML (after the WHATWG MIME sniffing patterns).
const HTML_TAGS = ['!doctype html', 'html', 'head', 'script', 'iframe', 'h1', 'div', 'font', 'table', 'a', 'style', 'title', 'b', 'body', 'br', 'p', '!--', 'meta', 'object', 'embed', 'form', 'img']

function sniffMarkup(data: Uint8Array): string | null {
  const start = hasBytes(data, 0, [0xef, 0xbb, 0xbf]) ? 3 : 0
  const head = latin1(data, start, start + 4096)
  const text = head.trimStart().toLowerCase()
  if (!text.startsWith('<')) return null
  if (text.startsWith('<svg') || text.startsWith('<!doctype svg')) return 'image/svg+xml'
  if (text.startsWith('<?xml') || text.startsWith('<!doctype')) {
    // An XML prolog may precede SVG, XHTML or any other XML document.
    if (/<svg[\s>:/]/.test(text)) return 'image/svg+xml'
    if (/<html[\s>]/.test(text) || text.startsWith('<!doctype html')) return 'text/html'
    return text.startsWith('<?xml') ? 'application/xml' : 'text/html'
  }
  for (const tag of HTML_TAGS) {
    if (text.startsWith(`<${tag}`)) {
      const next = text.charAt(tag.length + 1)
      if (tag === '!--' || next === ' ' || next === '>' || next === '\t' || next === '\n' || next === '\r' || next === '/' || next === '') return 'text/html'
    }
  }
  return null
}

/**
 * Detects the type from magic bytes: JPEG, PNG, WebP (accepted); GIF, BMP, TIFF, HEIC/HEIF/AVIF
 * (ftyp brands), PDF, SVG/XML, ZIP, ELF/PE executables, HTML (recognized, refused) → their MIME
 * type; otherwise null. Never looks at a file name or a declared content type.
 */
export function sniffType(data: Uint8Array): string | null {
  if (hasBytes(data, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (hasBytes(data, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (hasAscii(data, 0, 'RIFF') && data.length >= 12) {
    const form = latin1(data, 8, 12)
    if (form === 'WEBP') return 'image/webp'
    if (form === 'WAVE') return 'audio/wav'
    if (form === 'AVI ') return 'video/x-msvideo'
  }
  if (hasAscii(data, 0, 'GIF87a') || hasAscii(data, 0, 'GIF89a')) return 'image/gif'
  // 'BM' alone is too common a start for text; require a known DIB header size as well.
  if (hasAscii(data, 0, 'BM') && data.length >= 18 && [12, 40, 52, 56, 64, 108, 124].includes((data[14] ?? 0) | ((data[15] ?? 0) << 8)) && data[16] === 0 && data[17] === 0) return 'image/bmp'
  if (hasBytes(data, 0, [0x49, 0x49, 0x2a, 0x00]) || hasBytes(data, 0, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff'
  if (hasBytes(data, 0, [0x49, 0x49, 0x2b, 0x00]) || hasBytes(data, 0, [0x4d, 0x4d, 0x00, 0x2b])) return 'image/tiff' // BigTIFF
  const ftyp = sniffFtyp(data)
  if (ftyp) return ftyp
  if (hasBytes(data, 0, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) return 'image/jp2'
  if (hasBytes(data, 0, [0xff, 0x0a]) || hasBytes(data, 0, [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) return 'image/jxl'
  if (hasBytes(data, 0, [0x00, 0x00, 0x01, 0x00]) && data.length >= 6 && data[4] !== 0 && data[5] === 0) return 'image/x-icon'
  if (hasAscii(data, 0, '8BPS')) return 'image/vnd.adobe.photoshop'
  if (hasAscii(data, 0, 'PK') && (hasBytes(data, 2, [3, 4]) || hasBytes(data, 2, [5, 6]) || hasBytes(data, 2, [7, 8]))) return 'application/zip'
  if (hasBytes(data, 0, [0x1f, 0x8b])) return 'application/gzip'
  if (hasBytes(data, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'application/x-7z-compressed'
  if (hasAscii(data, 0, 'Rar!\x1a\x07')) return 'application/vnd.rar'
  if (hasBytes(data, 0, [0x7f, 0x45, 0x4c, 0x46])) return 'application/x-elf'
  if (hasAscii(data, 0, 'MZ')) return 'application/vnd.microsoft.portable-executable'
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((m) => hasBytes(data, 0, m))) return 'application/x-mach-binary'
  if (hasAscii(data, 0, '#!')) return 'text/x-shellscript'
  // Readers accept a PDF header anywhere in the first KiB, so look that far.
  if (latin1(data, 0, 1024).includes('%PDF-')) return 'application/pdf'
  return sniffMarkup(data)
}

// ---------------------------------------------------------------------------------------------
// Processing

export interface ProcessedPhoto {
  data: Buffer
  contentType: 'image/jpeg'
  width: number
  height: number
  bytes: number
  /** Hex SHA-256 of `data`. */
  sha256: string
  /** JPEG, longest edge <= thumbEdge. */
  thumb: Buffer
  originalType: PhotoType
}

const JPEG_OUT = { quality: 82, mozjpeg: true } as const

function resolveLimits(overrides: Partial<PhotoLimits> | undefined): PhotoLimits {
  const limits: PhotoLimits = { ...PHOTO_LIMITS, ...overrides }
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`photo limit ${name} must be a positive integer`)
  }
  return limits
}

/** Checks and re-encodes an upload; throws PhotoRejected. */
export async function processPhoto(input: Uint8Array, limits?: Partial<PhotoLimits>): Promise<ProcessedPhoto> {
  const lim = resolveLimits(limits)
  if (input.byteLength === 0) throw new PhotoRejected('empty')
  // Before anything reads the content.
  if (input.byteLength > lim.maxBytes) throw new PhotoRejected('too_large')

  const detected = sniffType(input)
  if (detected === null) throw new PhotoRejected('not_an_image')
  const accepted = ACCEPTED.get(detected)
  if (!accepted) throw new PhotoRejected('unsupported_type', detected)

  // A private copy: the caller's buffer cannot change between the checks and the decoding.
  const buf = Buffer.from(input)

  // Header only: dimensions come without decoding pixels. The pixel limit is lifted here because
  // sharp applies it to metadata() too and would report a bomb as a generic error.
  let meta: Metadata
  try {
    meta = await sharp(buf, { limitInputPixels: false, failOn: 'error' }).metadata()
  } catch (cause) {
    throw new PhotoRejected('damaged', detected, { cause })
  }
  // libvips picks its loader by content as well; insist that it agrees with the sniffer.
  if (meta.format !== accepted.sharpFormat) throw new PhotoRejected('damaged', detected)
  if (!(meta.width > 0 && meta.height > 0)) throw new PhotoRejected('damaged', detected)
  // For animated WebP, height is one frame's; only the first frame is decoded below.
  if (meta.width * meta.height > lim.maxPixels) throw new PhotoRejected('too_many_pixels', detected)

  let pixels: { data: Buffer; info: OutputInfo }
  try {
    // One decode into raw sRGB pixels (sharp converts through an embedded ICC profile, e.g. an
    // iPhone's Display P3, before it is lost); both outputs are encoded from those, so no metadata
    // can be carried over even by accident. failOn 'error' refuses truncated data instead of padding it
    // with grey; limitInputPixels repeats the pixel check inside libvips.
    pixels = await sharp(buf, { failOn: 'error', limitInputPixels: lim.maxPixels, pages: 1, page: 0, autoOrient: true })
      .flatten({ background: '#ffffff' })
      .resize({ width: lim.maxEdge, height: lim.maxEdge, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
  } catch (cause) {
    const tooBig = cause instanceof Error && /pixel limit/i.test(cause.message)
    throw new PhotoRejected(tooBig ? 'too_many_pixels' : 'damaged', detected, { cause })
  }

  const { width, height, channels } = pixels.info
  const raw = { raw: { width, height, channels } } as const
  const [data, thumb] = await Promise.all([
    sharp(pixels.data, raw).jpeg(JPEG_OUT).toBuffer(),
    sharp(pixels.data, raw)
      .resize({ width: lim.thumbEdge, height: lim.thumbEdge, fit: 'inside', withoutEnlargement: true })
      .jpeg(JPEG_OUT)
      .toBuffer(),
  ])
  return {
    data,
    contentType: 'image/jpeg',
    width,
    height,
    bytes: data.length,
    sha256: crypto.createHash('sha256').update(data).digest('hex'),
    thumb,
    originalType: accepted.type,
  }
}

/** A generated storage name: 32 URL-safe characters of crypto randomness (192 bits) plus '.jpg'. */
export function photoStorageName(): string {
  return `${crypto.randomBytes(24).toString('base64url')}.jpg`
}
