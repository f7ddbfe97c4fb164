// Signing in: password then TOTP for clinical roles, role-aware navigation, the idle lock after 15 minutes.
import { expect, expectAccessible, test } from './support/fixtures.ts';

test('a physician signs in with password and TOTP code and sees only what a physician may do', async ({
  page,
  clinic,
}) => {
  const physician = clinic.accounts.physician;
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expectAccessible(page, 'sign-in');
  await page.getByLabel('Username').fill(physician.username);
  await page.getByLabel(/^Password/).fill(physician.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Six-digit code from your authenticator app').first().click();
  await page.keyboard.type(await clinic.totpCode(physician));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/today/);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Patients' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Reports' })).toBeVisible();
  // Audit is for the medical director and the administrator.
  await expect(nav.getByRole('link', { name: 'Audit' })).toHaveCount(0);
});

test('a wrong password is refused without saying whether the username exists', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill('nobody-here');
  await page.getByLabel(/^Password/).fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The username or password is not correct.');
});

test('the screen locks after 15 minutes without activity and asks to sign in again', async ({ pageAs }) => {
  const page = await pageAs('nurse');
  await page.clock.install();
  await page.goto('/today');
  await expect(page.getByTestId('signed-in-user')).toContainText('Nurse');
  await page.clock.fastForward('14:00');
  await expect(page).toHaveURL(/\/today/);
  await page.clock.fastForward('01:30');
  await expect(page).toHaveURL(/\/sign-in\?locked=1/);
  await expect(page.getByText('Screen locked')).toBeVisible();
});

test('the medical director sees the audit page in the navigation, in Spanish when chosen', async ({
  pageAs,
}) => {
  const page = await pageAs('medical-director', { language: 'es' });
  await page.goto('/today');
  const nav = page.getByRole('navigation', { name: 'Navegación principal' });
  await expect(nav.getByRole('link', { name: 'Auditoría' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
});
