// Keyboard-only driving: move the focus with Tab (or Shift+Tab) until a control has it, as a user without a mouse
// does; fails when the control cannot be reached that way.
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export async function tabTo(
  page: Page,
  target: Locator,
  options: { backwards?: boolean; max?: number } = {},
) {
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  for (let presses = 0; presses < (options.max ?? 80); presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(key);
  }
  await expect(target, 'reachable with the keyboard').toBeFocused();
}
