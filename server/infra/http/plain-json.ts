// A JSON body parser for routes whose bodies are closed objects (accounts, security policy): plain
// JSON.parse keeps a "__proto__" or "constructor" key as an ordinary own property (it never touches a
// prototype), so the closed schema refuses it by name in a 400 like any other field that may not be
// set — instead of the default parser's generic invalid_json. Register it inside the plugin of such
// routes only (never for free-form bodies that code might merge into other objects).
import type { FastifyInstance } from 'fastify'
import { AppError } from './errors.ts'

export function usePlainJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text))
    } catch (err) {
      done(new AppError('invalid_json', 'The body is not valid JSON', [{ field: '/', message: (err as Error).message }]), undefined)
    }
  })
}
