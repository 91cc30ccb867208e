// Steps of browser tests that act on Ant Design widgets, written once. The browser asks for reduced
// motion (test/e2e.ts), so nothing animates; still, on a busy machine a click can land while React
// is re-rendering, so each step checks that it took and tries again, never waiting long on a step
// that has silently failed. A click that has already taken (its target gone) is not repeated, and
// an error dialog fails the step at once, with its text.
import { expect } from 'vitest'
import type { Locator, Page } from 'playwright-core'

const ATTEMPTS = 4

async function failOnErrorDialog(page: Page): Promise<void> {
  const failure = page.locator('.ant-modal-confirm-error')
  if (await failure.isVisible()) throw new Error(`error dialog: ${await failure.textContent()}`)
}

/** The visible options of the open Ant Design select. */
export const selectOptions = (page: Page) => page.locator('.ant-select-dropdown:visible .ant-select-item-option')

/** Clicks `target` until `done` shows. */
export async function clickUntil(target: Locator, done: Locator): Promise<void> {
  const page = target.page()
  for (let attempt = 1; ; attempt++) {
    if (await target.isVisible()) await target.click({ timeout: 5_000 }).catch(() => undefined)
    try {
      await done.waitFor({ timeout: 10_000 })
      return
    } catch (err) {
      await failOnErrorDialog(page)
      if (attempt >= ATTEMPTS) throw err
    }
  }
}

/** Opens the select `testId` (or types `typed` into its search) and picks the option holding `text`; `shows` is what the select then shows. */
async function pick(page: Page, testId: string, open: () => Promise<void>, text: string, shows: string): Promise<void> {
  const select = page.getByTestId(testId)
  for (let attempt = 1; ; attempt++) {
    try {
      await open()
      const option = selectOptions(page).filter({ hasText: text }).first()
      await option.waitFor({ timeout: attempt === 1 ? 30_000 : 10_000 })
      await option.click({ timeout: 5_000 })
      await expect.poll(() => select.textContent(), { timeout: 5_000 }).toContain(shows)
      return
    } catch (err) {
      await failOnErrorDialog(page)
      if (attempt >= ATTEMPTS) throw err
    }
  }
}

/** Picks an option of an Ant Design select by its text, and checks it took. */
export function chooseOption(page: Page, testId: string, text: string): Promise<void> {
  // A click on an open select closes it: it is clicked only while no dropdown is open.
  const open = async () => {
    if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) await page.getByTestId(testId).click({ timeout: 10_000 })
  }
  return pick(page, testId, open, text, text)
}

/** Types into a searching select and picks the option holding `text`; `shows` is what the select shows once chosen. */
export function searchAndChoose(page: Page, testId: string, typed: string, text: string, shows = text): Promise<void> {
  return pick(page, testId, () => page.getByTestId(testId).locator('input').fill(typed, { timeout: 10_000 }), text, shows)
}

/** Logs out through the user menu and waits for the login page. */
export async function logOut(page: Page): Promise<void> {
  const menuItem = page.getByTestId('menu-logout')
  const loggedOut = page.getByTestId('logged-out')
  for (let attempt = 1; ; attempt++) {
    if (!(await menuItem.isVisible())) await page.getByTestId('user-menu').click({ timeout: 5_000 }).catch(() => undefined)
    if (await menuItem.isVisible()) await menuItem.click({ timeout: 5_000 }).catch(() => undefined)
    try {
      await loggedOut.waitFor({ timeout: 10_000 })
      return
    } catch (err) {
      await failOnErrorDialog(page)
      if (attempt >= ATTEMPTS) throw err
    }
  }
}
