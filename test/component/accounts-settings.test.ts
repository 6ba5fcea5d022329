import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '@shared/result';
import SettingsView from '../../renderer/src/views/SettingsView.vue';
import { flushPromises, profileSummary, profilesState, setup } from './helpers';

enableAutoUnmount(afterEach);

const TEST = profileSummary({
  id: 'p-test',
  name: 'Bakkerij Jansen (test)',
  environment: 'test',
  builtIn: false,
  active: false,
  keyStorage: 'stored',
  keyHint: '…0123',
  lastCheck: { status: 'ok', environment: 'test', detected: 'test', checkedAt: '2026-11-21T09:00:00.000Z' },
});
const LIVE_SESSION = profileSummary({
  id: 'p-live',
  name: 'Bakkerij Jansen',
  environment: 'live',
  builtIn: false,
  active: false,
  keyStorage: 'session',
  keyHint: '…9f9f',
  keyAvailable: false,
});

async function mountSettings(locale: 'en' | 'nl' | 'fr' = 'en', state = profilesState([profileSummary(), TEST, LIVE_SESSION])) {
  const ctx = setup(locale);
  ctx.api.profiles.list.mockResolvedValue(ok(state));
  const wrapper = ctx.mountIt(SettingsView);
  await flushPromises();
  return { ...ctx, wrapper };
}

describe('Settings: site profiles', () => {
  it('lists the profiles with environment, key hint and check, never a key', async () => {
    const { wrapper } = await mountSettings();
    const rows = wrapper.findAll('[data-testid="profile-row"]');
    expect(rows.map((r) => r.find('th').text())).toEqual([
      expect.stringContaining('Demo'),
      'Bakkerij Jansen (test)',
      'Bakkerij Jansen',
    ]);
    expect(rows[0]!.text()).toContain('Active');
    expect(rows[0]!.text()).toContain('Built in');
    expect(rows[0]!.find('[aria-label^="Delete"]').exists()).toBe(false);
    expect(rows[1]!.text()).toContain('Stored encrypted · ends in …0123');
    expect(rows[1]!.text()).toContain('Works: a Test key');
    expect(rows[2]!.text()).toContain('Enter the key again for this session');
    expect(rows[2]!.find('.tag--live').text()).toBe('Live');
    expect(rows[2]!.find('[aria-label="Check key — Bakkerij Jansen"]').exists()).toBe(false);
  });

  it('adds a test profile: the key goes to main once, the field is emptied, the check is shown', async () => {
    const { api, wrapper } = await mountSettings();
    api.profiles.save.mockImplementation(async (input) => {
      const profile = { ...TEST, id: 'p-new', name: input.name.trim() }; // main trims
      return ok({ profile, check: TEST.lastCheck, state: profilesState([profileSummary(), TEST, profile]) });
    });
    await wrapper.get('[data-add-profile]').trigger('click');
    expect(document.activeElement?.id).toBe('pf-name');
    await wrapper.get('#pf-name').setValue('  Shop NL  ');
    await wrapper.get('#pf-env-test').setValue(true);
    await wrapper.get('#pf-key').setValue('tk_test_0123456789abcdef0123');
    await wrapper.get('#pf-redirect').setValue('https://shop.example/thanks');
    await wrapper.get('#pf-locale').setValue('nl_NL');
    await wrapper.get('#pf-expiry').setValue('7');
    await wrapper.get('[data-testid="profile-form"]').trigger('submit');
    await flushPromises();

    expect(api.profiles.save).toHaveBeenCalledWith({
      name: '  Shop NL  ',
      environment: 'test',
      apiKey: 'tk_test_0123456789abcdef0123',
      keepForSession: false,
      defaults: {
        redirectUrl: 'https://shop.example/thanks',
        cancelUrl: '',
        locale: 'nl_NL',
        linkExpiryDays: 7,
        descriptionTemplate: '',
      },
    });
    expect(wrapper.find('[data-testid="profile-form"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="profiles-status"]').text()).toBe('Profile Shop NL saved. Works: a Test key.');
    expect(api.app.info).toHaveBeenCalled();
    expect(wrapper.html()).not.toContain('tk_test_0123456789abcdef0123');
  });

  it('says clearly when MultiSafepay refuses the key, and keeps what was typed', async () => {
    const { api, wrapper } = await mountSettings();
    api.profiles.save.mockResolvedValue(
      fail('AUTH', 'refused', { apiKey: { key: 'validation.apiKey.invalid', params: { environment: 'test' } } }),
    );
    await wrapper.get('[data-add-profile]').trigger('click');
    await wrapper.get('#pf-name').setValue('Shop NL');
    await wrapper.get('#pf-key').setValue('wrong-key-000000');
    await wrapper.get('[data-testid="profile-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="api-key-error"]').text()).toBe(
      'MultiSafepay says: key invalid or not allowed in Test.',
    );
    expect(wrapper.get('#pf-key').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#pf-key').attributes('aria-describedby')).toContain('pf-key-error');
    expect(document.activeElement?.id).toBe('pf-key');
    expect((wrapper.get('#pf-name').element as HTMLInputElement).value).toBe('Shop NL');
  });

  it('names the other environment when a live key was pasted into a test profile', async () => {
    const { api, wrapper } = await mountSettings('nl');
    api.profiles.save.mockResolvedValue(
      fail('AUTH', 'refused', {
        apiKey: { key: 'validation.apiKey.otherEnvironment', params: { environment: 'test', detected: 'live' } },
      }),
    );
    await wrapper.get('[data-add-profile]').trigger('click');
    await wrapper.get('#pf-name').setValue('Winkel');
    await wrapper.get('#pf-key').setValue('lk_live_0000000000');
    await wrapper.get('[data-testid="profile-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="api-key-error"]').text()).toBe(
      'Deze sleutel werkt in Live, niet in Test. Kies Live, of plak de Test-sleutel.',
    );
  });

  it('on a machine without protected storage says so and offers this session only', async () => {
    const { api, wrapper } = await mountSettings('en', profilesState([profileSummary()], { storageProtected: false }));
    expect(wrapper.get('[data-testid="storage-notice"]').text()).toMatch(/no protected storage/);
    api.profiles.save.mockResolvedValueOnce(
      fail('VALIDATION', 'unprotected', { apiKey: { key: 'validation.apiKey.unprotected' } }),
    );
    await wrapper.get('[data-add-profile]').trigger('click');
    expect(wrapper.find('[data-testid="unprotected-notice"]').exists()).toBe(true);
    await wrapper.get('#pf-name').setValue('Shop');
    await wrapper.get('#pf-key').setValue('tk_test_0123456789');
    await wrapper.get('[data-testid="profile-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="api-key-error"]').text()).toMatch(/this session only/);

    await wrapper.get('#pf-session').setValue(true);
    await wrapper.get('[data-testid="profile-form"]').trigger('submit');
    await flushPromises();
    expect(api.profiles.save).toHaveBeenLastCalledWith(expect.objectContaining({ apiKey: 'tk_test_0123456789', keepForSession: true }));
  });

  it('asks before deleting; Cancel deletes nothing', async () => {
    const { api, wrapper } = await mountSettings();
    await wrapper.get('[aria-label="Delete — profile Bakkerij Jansen (test)"]').trigger('click');
    await flushPromises();
    const dialog = wrapper.get('dialog.confirm-dialog');
    expect((dialog.element as HTMLDialogElement).open).toBe(true);
    expect(dialog.get('h2').text()).toBe('Delete profile Bakkerij Jansen (test)?');
    expect(document.activeElement?.hasAttribute('data-dialog-cancel')).toBe(true);
    await dialog.get('[data-dialog-cancel]').trigger('click');
    await flushPromises();
    expect(api.profiles.delete).not.toHaveBeenCalled();
    expect((dialog.element as HTMLDialogElement).open).toBe(false);

    await wrapper.get('[aria-label="Delete — profile Bakkerij Jansen (test)"]').trigger('click');
    await flushPromises();
    await dialog.get('[data-dialog-confirm]').trigger('click');
    await flushPromises();
    expect(api.profiles.delete).toHaveBeenCalledWith({ id: 'p-test', confirm: true });
    expect(wrapper.get('[data-testid="profiles-status"]').text()).toBe('Profile Bakkerij Jansen (test) deleted.');
  });

  it('switches the active profile and reloads what the header shows', async () => {
    const { api, wrapper } = await mountSettings();
    api.profiles.switch.mockResolvedValue(
      ok(profilesState([profileSummary({ active: false }), { ...TEST, active: true }, LIVE_SESSION])),
    );
    api.app.info.mockClear();
    await wrapper.get('[aria-label="Use — profile Bakkerij Jansen (test)"]').trigger('click');
    await flushPromises();
    expect(api.profiles.switch).toHaveBeenCalledWith({ id: 'p-test' });
    expect(api.app.info).toHaveBeenCalledTimes(1);
    expect(wrapper.get('[data-testid="profiles-status"]').text()).toBe('Now using Bakkerij Jansen (test).');
    expect(wrapper.findAll('[data-testid="profile-row"]')[1]!.text()).toContain('Active');
  });

  it('shows why a profile whose session key is gone cannot be used yet', async () => {
    const { api, wrapper } = await mountSettings();
    api.profiles.switch.mockResolvedValue(fail('CONFLICT', 'no key', { _: { key: 'validation.profile.keyNeeded' } }));
    await wrapper.get('[aria-label="Use — profile Bakkerij Jansen"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('.form-alert').text()).toContain('Enter this profile’s API key for this session first (Edit).');
  });

  it('edits a profile without sending a key unless one is typed', async () => {
    const { api, wrapper } = await mountSettings();
    await wrapper.get('[aria-label="Edit — profile Bakkerij Jansen (test)"]').trigger('click');
    expect(wrapper.get('#profile-form-heading').text()).toBe('Edit profile Bakkerij Jansen (test)');
    expect(wrapper.get('#pf-key-hint').text()).toContain('Leave empty to keep the current key (ends in …0123).');
    await wrapper.get('#pf-name').setValue('Renamed');
    await wrapper.get('[data-testid="profile-form"]').trigger('submit');
    await flushPromises();
    const input = api.profiles.save.mock.calls[0]![0];
    expect(input).toMatchObject({ id: 'p-test', name: 'Renamed', environment: 'test' });
    expect(input).not.toHaveProperty('apiKey');
  });

  it('hides the key field for demo profiles', async () => {
    const { wrapper } = await mountSettings();
    await wrapper.get('[data-add-profile]').trigger('click');
    await wrapper.get('#pf-env-demo').setValue(true);
    expect(wrapper.find('#pf-key').exists()).toBe(false);
    expect(wrapper.text()).toContain('Demo profiles use the demo server’s key');
  });

  it('refuses a link expiry that is not a whole number, before asking main', async () => {
    const { api, wrapper } = await mountSettings();
    await wrapper.get('[data-add-profile]').trigger('click');
    await wrapper.get('#pf-name').setValue('Shop');
    await wrapper.get('#pf-env-demo').setValue(true);
    await wrapper.get('#pf-expiry').setValue('7.5');
    await wrapper.get('[data-testid="profile-form"]').trigger('submit');
    await flushPromises();
    expect(api.profiles.save).not.toHaveBeenCalled();
    expect(wrapper.get('#pf-expiry-error').text()).toBe('Enter a whole number of days from 1 to 365.');
    expect(document.activeElement?.id).toBe('pf-expiry');
  });
});

describe('Settings: operator and retention', () => {
  it('saves the operator name and the header follows', async () => {
    const { api, wrapper } = await mountSettings();
    expect((wrapper.get('#operator-name').element as HTMLInputElement).value).toBe('anna');
    api.app.info.mockClear();
    await wrapper.get('#operator-name').setValue('Bram Peeters');
    await wrapper.get('#operator-name').element.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(api.settings.setOperator).toHaveBeenCalledWith({ name: 'Bram Peeters' });
    expect(api.app.info).toHaveBeenCalled();
    expect(wrapper.text()).toContain('Saved. New orders and actions are recorded as Bram Peeters.');
  });

  it('shows a refused operator name under the field', async () => {
    const { api, wrapper } = await mountSettings('fr');
    api.settings.setOperator.mockResolvedValue(fail('VALIDATION', 'x', { name: { key: 'validation.required' } }));
    await wrapper.get('#operator-name').setValue(' ');
    await wrapper.get('#operator-name').element.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(wrapper.get('#operator-error').text()).toBe('Renseignez ce champ.');
    expect(wrapper.get('#operator-name').attributes('aria-invalid')).toBe('true');
  });

  it('saves a retention period in months, or none', async () => {
    const { api, wrapper } = await mountSettings();
    await wrapper.get('#retention-months').setValue('12');
    await wrapper.get('#retention-months').element.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(api.settings.setRetention).toHaveBeenCalledWith({ months: 12 });
    await wrapper.get('#retention-months').setValue('');
    await wrapper.get('#retention-months').element.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(api.settings.setRetention).toHaveBeenLastCalledWith({ months: null });
  });

  it('says what to do about a storage problem, in the user’s language', async () => {
    const { api, wrapper } = await mountSettings('nl');
    api.settings.setRetention.mockResolvedValue(fail('STORAGE', 'x', { _: { key: 'validation.storage.busy' } }));
    await wrapper.get('#retention-months').setValue('12');
    await wrapper.get('#retention-months').element.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(wrapper.text()).toContain('De ordergeschiedenis is in gebruik door een ander programma');
  });

  it('labels every control of the settings screen', async () => {
    const { wrapper } = await mountSettings();
    await wrapper.get('[data-add-profile]').trigger('click');
    for (const control of wrapper.findAll('input, select')) {
      const id = control.attributes('id');
      const labelled = (id && wrapper.find(`label[for="${id}"]`).exists()) || control.element.closest('label') !== null;
      expect(labelled, `control ${id ?? control.html()}`).toBe(true);
    }
  });
});
