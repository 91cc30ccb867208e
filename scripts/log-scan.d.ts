// Types of scripts/log-scan.js (plain JavaScript so that scripts/test.js runs it without a loader).

export interface LogPattern {
  kind: string
  pattern: RegExp
  skip?: (match: RegExpMatchArray) => boolean
  mask: (value: string, match: RegExpMatchArray) => string
}

export interface LogHit {
  line: number
  kind: string
  masked: string
}

export declare const LOG_PATTERNS: LogPattern[]
export declare function scanText(text: string): LogHit[]
export declare function scanLogDir(dir: string): { files: number; lines: number; hits: (LogHit & { file: string })[] }
