// Photo intake: content sniffing, limits, re-encoding without metadata, orientation, damaged
// files, decompression bombs, polyglots, and fuzzing. All images are made here, small.
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import sharp, { type Sharp } from 'sharp'
import { PHOTO_LIMITS, PhotoRejected, type PhotoProblem, photoStorageName, processPhoto, sniffType } from './photo.ts'

// ---------------------------------------------------------------------------------------------
// Fixtures

const solid = (width: number, height: number, background: string | { r: number; g: number; b: number; alpha: number }, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background } })

/** Noise compresses badly, so half of the file really is half of the image data. */
function noise(width: number, height: number): Sharp {
  const px = Buffer.alloc(width * height * 3)
  let s = 12345
  for (let i = 0; i < px.length; i++) px[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24
  return sharp(px, { raw: { width, height, channels: 3 } })
}

/** A 400×200 JPEG, red on the left and blue on the right. */
async function leftRightJpeg(): Promise<Sharp> {
  const blue = await solid(200, 200, '#0000ff').png().toBuffer()
  const img = await solid(400, 200, '#ff0000').composite([{ input: blue, left: 200, top: 0 }]).jpeg().toBuffer()
  return sharp(img)
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(body) >>> 0)
  return Buffer.concat([len, body, crc])
}

/** A valid all-black 1-bit greyscale PNG, written by hand: 20000×20000 takes ~50 KB and ~0.2 s. */
function blackPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 1 // bit depth
  ihdr[9] = 0 // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height) // filter byte 0 + zero bits
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** A minimal ZIP archive with one stored file. */
function zipWith(name: string, content: string): Buffer {
  const data = Buffer.from(content)
  const fname = Buffer.from(name)
  const crc = zlib.crc32(data) >>> 0
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt32LE(crc, 14)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(data.length, 22)
  local.writeUInt16LE(fname.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(fname.length, 28)
  const cdOffset = local.length + fname.length + data.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + fname.length, 12)
  end.writeUInt32LE(cdOffset, 16)
  return Buffer.concat([local, fname, data, central, fname, end])
}

async function rejection(input: Uint8Array, limits?: Parameters<typeof processPhoto>[1]): Promise<PhotoRejected> {
  try {
    await processPhoto(input, limits)
  } catch (err) {
    if (err instanceof PhotoRejected) return err
    throw err
  }
  throw new Error('expected the photo to be rejected')
}

async function expectRejected(input: Uint8Array, problem: PhotoProblem, detected: string | null, limits?: Parameters<typeof processPhoto>[1]) {
  const err = await rejection(input, limits)
  expect({ problem: err.problem, detected: err.detected }).toEqual({ problem, detected })
}

async function pixelAt(jpeg: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true })
  const i = (y * info.width + x) * info.channels
  return [...data.subarray(i, i + 3)]
}

const isRed = ([r, g, b]: number[]) => r! > 200 && g! < 60 && b! < 60
const isBlue = ([r, g, b]: number[]) => r! < 60 && g! < 60 && b! > 200

async function expectNoMetadata(jpeg: Buffer) {
  const m = await sharp(jpeg).metadata()
  expect(m.format).toBe('jpeg')
  expect(m.exif).toBeUndefined()
  expect(m.xmp).toBeUndefined()
  expect(m.icc).toBeUndefined()
  expect(m.iptc).toBeUndefined()
  expect(m.orientation).toBeUndefined()
  expect(m.comments).toBeUndefined()
}

// ---------------------------------------------------------------------------------------------

describe('processPhoto: metadata and orientation', () => {
  // GPS values as EXIF stores them (little-endian rationals, as sharp writes 'II' TIFF):
  // 36/1 37/1 1234/100 and 101/1 46/1 5678/100.
  const rationals = (...v: number[]) => Buffer.from(new Uint32Array(v).buffer)
  const gpsLat = rationals(36, 1, 37, 1, 1234, 100)
  const gpsLon = rationals(101, 1, 46, 1, 5678, 100)
  const secrets = ['CameraMakerXYZ', 'ModelQWE123', 'SN-5550199-Q', 'XMP-SECRET-CREATOR', 'Rev-77-Firmware']

  it('drops EXIF (GPS, camera serial), XMP and ICC, after applying orientation 6', async () => {
    const input = await (await leftRightJpeg())
      // sharp writes the Orientation tag from withMetadata, not from withExif.
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: 'CameraMakerXYZ', Model: 'ModelQWE123', Software: 'Rev-77-Firmware' },
        IFD2: { BodySerialNumber: 'SN-5550199-Q' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '36/1 37/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '101/1 46/1 5678/100' },
      })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>XMP-SECRET-CREATOR</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
      .withIccProfile('p3')
      .jpeg()
      .toBuffer()

    // The fixture really carries what the output must not.
    const inMeta = await sharp(input).metadata()
    expect(inMeta.orientation).toBe(6)
    expect([inMeta.width, inMeta.height]).toEqual([400, 200])
    expect(inMeta.exif && inMeta.xmp && inMeta.icc).toBeTruthy()
    expect(input.includes(gpsLat) && input.includes(gpsLon)).toBe(true)
    for (const s of secrets) expect(input.includes(s)).toBe(true)

    const out = await processPhoto(input)
    expect(out.originalType).toBe('image/jpeg')
    expect(out.contentType).toBe('image/jpeg')
    for (const img of [out.data, out.thumb]) {
      await expectNoMetadata(img)
      expect(img.includes(gpsLat) || img.includes(gpsLon)).toBe(false)
      for (const s of secrets) expect(img.includes(s)).toBe(false)
      expect(img.includes('Exif\0')).toBe(false)
      expect(img.includes('http://ns.adobe.com/xap/1.0/')).toBe(false)
      expect(img.includes('ICC_PROFILE')).toBe(false)
    }

    // Orientation 6 means "rotate 90° clockwise to view": the left (red) edge becomes the top.
    expect([out.width, out.height]).toEqual([200, 400])
    const m = await sharp(out.data).metadata()
    expect([m.width, m.height]).toEqual([200, 400])
    expect(isRed(await pixelAt(out.data, 100, 20))).toBe(true)
    expect(isBlue(await pixelAt(out.data, 100, 380))).toBe(true)
    const t = await sharp(out.thumb).metadata()
    expect([t.width, t.height]).toEqual([160, 320])
    expect(isRed(await pixelAt(out.thumb, 80, 10))).toBe(true)
  })

  it('reports size and hash of the output, and keeps an unrotated image as it is', async () => {
    const input = await (await leftRightJpeg()).jpeg().toBuffer()
    const out = await processPhoto(input)
    expect([out.width, out.height]).toEqual([400, 200])
    expect(isRed(await pixelAt(out.data, 20, 100))).toBe(true)
    expect(out.bytes).toBe(out.data.length)
    const { createHash } = await import('node:crypto')
    expect(out.sha256).toBe(createHash('sha256').update(out.data).digest('hex'))
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('processPhoto: accepted inputs', () => {
  it('flattens a PNG with alpha onto white', async () => {
    const transparent = await solid(50, 30, { r: 0, g: 0, b: 0, alpha: 0 }, 4).png().toBuffer()
    const out = await processPhoto(transparent)
    expect(out.originalType).toBe('image/png')
    expect(out.contentType).toBe('image/jpeg')
    expect([out.width, out.height]).toEqual([50, 30])
    const px = await pixelAt(out.data, 25, 15)
    expect(px.every((c) => c > 245)).toBe(true)
    await expectNoMetadata(out.data)
  })

  it('accepts WebP, without enlarging small images', async () => {
    const webp = await solid(300, 100, '#0000ff').webp().toBuffer()
    const out = await processPhoto(webp)
    expect(out.originalType).toBe('image/webp')
    expect((await sharp(out.data).metadata()).format).toBe('jpeg')
    expect([out.width, out.height]).toEqual([300, 100])
    expect((await sharp(out.thumb).metadata()).width).toBe(300)
    expect(isBlue(await pixelAt(out.data, 150, 50))).toBe(true)
  })

  it('limits the longest edge of the photo and of the thumbnail', async () => {
    const wide = await solid(3000, 60, '#ff0000').png().toBuffer()
    const out = await processPhoto(wide)
    expect([out.width, out.height]).toEqual([PHOTO_LIMITS.maxEdge, 51])
    const t = await sharp(out.thumb).metadata()
    expect(Math.max(t.width, t.height)).toBe(PHOTO_LIMITS.thumbEdge)

    const tall = await solid(200, 400, '#ff0000').jpeg().toBuffer()
    const small = await processPhoto(tall, { maxEdge: 100, thumbEdge: 40 })
    expect([small.width, small.height]).toEqual([50, 100])
    const st = await sharp(small.thumb).metadata()
    expect([st.width, st.height]).toEqual([20, 40])
  })

  it('converts colours through an embedded profile (Display P3) to sRGB before dropping it', async () => {
    const p3 = await solid(16, 16, { r: 40, g: 200, b: 60, alpha: 1 }).withIccProfile('p3').jpeg({ quality: 100 }).toBuffer()
    const stored = [...(await sharp(p3, { ignoreIcc: true }).raw().toBuffer()).subarray(0, 3)]
    expect(Math.abs(stored[0]! - 40)).toBeGreaterThan(30) // the file holds P3 values
    const out = await processPhoto(p3)
    expect((await sharp(out.data).metadata()).icc).toBeUndefined()
    const px = await pixelAt(out.data, 8, 8)
    px.forEach((c, i) => expect(Math.abs(c - [40, 200, 60][i]!)).toBeLessThanOrEqual(4))
  })

  it('keeps only the first frame of an animated WebP', async () => {
    const red = await solid(60, 40, '#ff0000').png().toBuffer()
    const blue = await solid(60, 40, '#0000ff').png().toBuffer()
    const green = await solid(60, 40, '#00ff00').png().toBuffer()
    const anim = await sharp([red, blue, green], { join: { animated: true } }).webp({ loop: 0 }).toBuffer()
    expect((await sharp(anim).metadata()).pages).toBe(3)
    const out = await processPhoto(anim)
    expect([out.width, out.height]).toEqual([60, 40])
    expect(isRed(await pixelAt(out.data, 30, 35))).toBe(true)
  })

  it('accepts a JPEG with a ZIP appended (polyglot) and drops the archive', async () => {
    const zip = zipWith('payload.txt', 'ZIP-PAYLOAD-7f3a9c')
    const jpeg = await noise(64, 48).jpeg().toBuffer()
    const polyglot = Buffer.concat([jpeg, zip])
    expect(sniffType(polyglot)).toBe('image/jpeg')
    const out = await processPhoto(polyglot)
    for (const img of [out.data, out.thumb]) {
      expect(img.includes('ZIP-PAYLOAD-7f3a9c')).toBe(false)
      expect(img.includes(Buffer.from('PK\x03\x04', 'latin1'))).toBe(false)
      expect(img.includes(Buffer.from('PK\x05\x06', 'latin1'))).toBe(false)
    }
    // The output ends at its own end-of-image marker.
    expect([...out.data.subarray(-2)]).toEqual([0xff, 0xd9])
  })
})

describe('processPhoto: refused inputs', () => {
  const text = (s: string) => Buffer.from(s, 'utf8')

  it('refuses what is not an image, or not an accepted one, by content', async () => {
    const gif = await solid(4, 4, '#ff0000').gif().toBuffer()
    const tiff = await solid(4, 4, '#ff0000').tiff().toBuffer()
    const avif = await solid(8, 8, '#ff0000').avif().toBuffer()
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), text('ftypheic'), Buffer.alloc(4), text('mif1heic'), Buffer.alloc(64)])
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)])
    const pe = Buffer.concat([text('MZ'), Buffer.alloc(62)])
    const bmp = Buffer.concat([text('BM'), Buffer.from([0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0]), Buffer.alloc(52)])
    const cases: Array<[string, Uint8Array, PhotoProblem, string | null]> = [
      ['text', text('Water leaking at building 3, unit 2.\n'), 'not_an_image', null],
      ['random binary', Buffer.from([0x00, 0x13, 0x37, 0xaa, 0x55, 0x01, 0x02]), 'not_an_image', null],
      ['HTML', text('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'), 'unsupported_type', 'text/html'],
      ['HTML fragment', text('\n  <script>fetch("/api/admin")</script>'), 'unsupported_type', 'text/html'],
      ['SVG', text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), 'unsupported_type', 'image/svg+xml'],
      ['SVG with prolog and BOM', text('\ufeff<?xml version="1.0"?>\n<!-- x -->\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'unsupported_type', 'image/svg+xml'],
      ['XML', text('<?xml version="1.0"?><note/>'), 'unsupported_type', 'application/xml'],
      ['PDF', text('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'), 'unsupported_type', 'application/pdf'],
      ['GIF', gif, 'unsupported_type', 'image/gif'],
      ['TIFF', tiff, 'unsupported_type', 'image/tiff'],
      ['BMP', bmp, 'unsupported_type', 'image/bmp'],
      ['AVIF', avif, 'unsupported_type', 'image/avif'],
      ['HEIC', heic, 'unsupported_type', 'image/heic'],
      ['ZIP', zipWith('a.txt', 'hello'), 'unsupported_type', 'application/zip'],
      ['ELF', elf, 'unsupported_type', 'application/x-elf'],
      ['PE', pe, 'unsupported_type', 'application/vnd.microsoft.portable-executable'],
    ]
    for (const [name, input, problem, detected] of cases) {
      const err = await rejection(input)
      expect({ name, problem: err.problem, detected: err.detected }).toEqual({ name, problem, detected })
      expect(sniffType(input)).toBe(detected)
    }
  })

  it('refuses a JPEG cut in half, and garbage after a JPEG start marker, as damaged', async () => {
    const jpeg = await noise(160, 120).jpeg().toBuffer()
    await expect(processPhoto(jpeg)).resolves.toBeTruthy()
    await expectRejected(jpeg.subarray(0, jpeg.length >> 1), 'damaged', 'image/jpeg')
    await expectRejected(jpeg.subarray(0, jpeg.length - 2), 'damaged', 'image/jpeg') // only EOI missing
    const garbage = Buffer.alloc(2000)
    let s = 99
    for (let i = 0; i < garbage.length; i++) garbage[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24
    await expectRejected(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), garbage]), 'damaged', 'image/jpeg')
  })

  it('refuses truncated PNG and WebP as damaged', async () => {
    const png = await noise(100, 80).png().toBuffer()
    const webp = await noise(100, 80).webp().toBuffer()
    await expectRejected(png.subarray(0, png.length >> 1), 'damaged', 'image/png')
    await expectRejected(webp.subarray(0, webp.length >> 1), 'damaged', 'image/webp')
  })

  it('refuses a decompression bomb from its header, quickly', async () => {
    const bomb = blackPng(20_000, 20_000) // 400 megapixels in ~50 KB
    expect(bomb.length).toBeLessThan(100_000)
    const m = await sharp(bomb, { limitInputPixels: false }).metadata()
    expect([m.width, m.height]).toEqual([20_000, 20_000])
    const started = performance.now()
    await expectRejected(bomb, 'too_many_pixels', 'image/png')
    // Decoding would take seconds and over a gigabyte; reading the header takes milliseconds.
    expect(performance.now() - started).toBeLessThan(1500)

    // Just above the limit, and the same writer's output just below it is fine.
    await expectRejected(blackPng(1001, 1000), 'too_many_pixels', 'image/png', { maxPixels: 1_000_000 })
    await expect(processPhoto(blackPng(1000, 1000), { maxPixels: 1_000_000, maxEdge: 64 })).resolves.toMatchObject({ width: 64, height: 64 })
  })

  it('refuses empty and too large input before looking at it', async () => {
    await expectRejected(new Uint8Array(0), 'empty', null)
    const jpeg = await noise(64, 64).jpeg().toBuffer()
    await expectRejected(jpeg, 'too_large', null, { maxBytes: jpeg.length - 1 })
    await expect(processPhoto(jpeg, { maxBytes: jpeg.length })).resolves.toBeTruthy()
    // Default limit: 10 MiB + 1 of anything, even with a JPEG start.
    const huge = Buffer.alloc(PHOTO_LIMITS.maxBytes + 1)
    huge.set([0xff, 0xd8, 0xff])
    await expectRejected(huge, 'too_large', null)
  })
})

describe('sniffType', () => {
  it('recognizes the accepted types by magic bytes only', () => {
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png')
    expect(sniffType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp')
    expect(sniffType(Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'))).toBe('audio/wav')
    expect(sniffType(Buffer.from('photo.jpg', 'latin1'))).toBeNull()
    expect(sniffType(new Uint8Array(0))).toBeNull()
    expect(sniffType(Buffer.from([0xff, 0xd8]))).toBeNull()
  })

  it('reads ftyp brands', () => {
    const ftyp = (major: string, ...compat: string[]) => {
      const body = Buffer.from(`ftyp${major}\0\0\0\0${compat.join('')}`, 'latin1')
      const size = Buffer.alloc(4)
      size.writeUInt32BE(body.length + 4)
      return Buffer.concat([size, body])
    }
    expect(sniffType(ftyp('heic', 'mif1', 'heic'))).toBe('image/heic')
    expect(sniffType(ftyp('mif1', 'mif1', 'heic'))).toBe('image/heic')
    expect(sniffType(ftyp('mif1', 'mif1', 'avif'))).toBe('image/avif')
    expect(sniffType(ftyp('mif1', 'mif1'))).toBe('image/heif')
    expect(sniffType(ftyp('avif', 'mif1', 'miaf'))).toBe('image/avif')
    expect(sniffType(ftyp('isom', 'isom', 'mp41'))).toBe('video/mp4')
  })

  it('never throws on any bytes, and works on views into larger buffers', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const t = sniffType(bytes)
      expect(t === null || /^[a-z]+\/[a-z0-9.+-]+$/.test(t)).toBe(true)
    }))
    const big = Buffer.from('xxxx%PDF-1.4', 'latin1')
    expect(sniffType(big.subarray(4))).toBe('application/pdf')
    expect(sniffType(new Uint8Array(big.buffer, big.byteOffset, 4))).toBeNull()
  })
})

describe('processPhoto: fuzzing', () => {
  const onlyPhotoRejected = async (input: Uint8Array) => {
    try {
      const out = await processPhoto(input)
      // Whatever got through is a clean JPEG.
      expect((await sharp(out.data).metadata()).format).toBe('jpeg')
    } catch (err) {
      if (!(err instanceof PhotoRejected)) throw err
    }
  }

  it('never fails with anything but PhotoRejected on random bytes', async () => {
    const magics = [[], [0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [...Buffer.from('RIFF\x40\0\0\0WEBPVP8 ', 'latin1')]]
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 512 }), async (magic, tail) => {
        await onlyPhotoRejected(Buffer.concat([Buffer.from(magic), tail]))
      }),
      { numRuns: 150 },
    )
  })

  it('never fails with anything but PhotoRejected on corrupted real images', async () => {
    const originals = [
      await noise(24, 16).jpeg().toBuffer(),
      await noise(24, 16).jpeg({ progressive: true }).toBuffer(),
      await noise(24, 16).png().toBuffer(),
      await noise(24, 16).webp().toBuffer(),
      await noise(24, 16).webp({ lossless: true }).toBuffer(),
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...originals),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (original, patches, cut) => {
          const bytes = Buffer.from(original)
          for (const [at, value] of patches) bytes[at % bytes.length] = value
          await onlyPhotoRejected(cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length))
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('photoStorageName', () => {
  it('is random, URL-safe, long enough and unique', () => {
    const names = new Set<string>()
    for (let i = 0; i < 10_000; i++) {
      const name = photoStorageName()
      expect(name).toMatch(/^[A-Za-z0-9_-]{26,}\.jpg$/)
      names.add(name)
    }
    expect(names.size).toBe(10_000)
  })
})
