// A six-digit one-time code: numeric keypad on phones, autofill from the authenticator (one-time-code).
import { Input, type InputRef } from 'antd'
import { forwardRef } from 'react'
import { normalizeOtp } from '../lib/otp'

interface CodeInputProps {
  id?: string
  value?: string
  onChange?: (value: string) => void
  autoFocus?: boolean
  'aria-label'?: string
  'data-testid'?: string
}

export const CodeInput = forwardRef<InputRef, CodeInputProps>(function CodeInput({ id, value, onChange, autoFocus, 'aria-label': label, 'data-testid': testId }, ref) {
  return (
    <Input
      ref={ref}
      id={id}
      value={value}
      onChange={(e) => onChange?.(normalizeOtp(e.target.value))}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={12}
      autoFocus={autoFocus}
      aria-label={label}
      placeholder="000000"
      className="code-input"
      size="large"
      data-testid={testId}
    />
  )
})
