// One-time codes and the enrolment QR code.

/** What the user typed, as the code: digits only (spaces and dashes from copy-paste dropped), at most six. */
export function normalizeOtp(input: string): string {
  return input.replace(/\D/g, '').slice(0, 6)
}

export const isCompleteOtp = (code: string): boolean => /^\d{6}$/.test(code)

/** The SVG as a data: URL for an <img> (an image cannot run scripts, unlike markup put into the page). */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg)
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return `data:image/svg+xml;base64,${btoa(binary)}`
}

/** The secret in groups of four for typing it into an authenticator app. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ')
}
