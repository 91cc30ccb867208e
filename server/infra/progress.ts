// A progress bar for long first-start steps: a live bar on a terminal, plain lines in logs and CI.
import cliProgress from 'cli-progress'

export interface Progress {
  update(done: number, total: number, step: string): void
  stop(): void
}

/** Creates a progress reporter titled `title`. */
export function createProgress(title: string): Progress {
  if (!process.stdout.isTTY) {
    let last = ''
    return {
      update(done, total, step) {
        if (step === last) return
        last = step
        console.log(`${title}: [${done}/${total}] ${step}`)
      },
      stop() {},
    }
  }
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {percentage}% | {step}`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done, total, step) {
      if (!started) {
        bar.start(total, done, { step })
        started = true
      } else {
        bar.setTotal(total)
        bar.update(done, { step })
      }
    },
    stop() {
      if (started) bar.stop()
    },
  }
}
