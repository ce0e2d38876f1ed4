// The store profile fields, shared by "New case" and the Profile step.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call } from '../lib/ipc.js';
import { dateField } from './date-field.js';

export const REGIONS = ['CN', 'EU', 'FR', 'ES', 'IT', 'US', 'OTHER'];

function field(id, label, control, help) {
  return el('div', { class: 'field' },
    el('label', { for: id, text: label }),
    help ? el('p', { class: 'help', id: `${id}-help`, text: help }) : null,
    control,
  );
}

/**
 * Builds the fields inside `form`, filled from `profile` (may be null for a new case).
 * Returns a function that reads them back as the `ProfileInput` the Rust side checks, or null
 * when the date typed is not a date (the form then says so at the field).
 */
export async function profileFields(form, profile, { full }) {
  const name = el('input', { id: 'store-name', name: 'store_name', testid: 'profile-store-name', required: true, maxlength: 200, autocomplete: 'off' });
  name.value = profile?.store_name ?? '';

  const region = el('select', { id: 'region', name: 'region', testid: 'profile-region' },
    REGIONS.map((code) => el('option', { value: code, text: t(`region.${code}`) })));
  region.value = profile?.region ?? 'CN';

  const stopDate = dateField({ id: 'stop-date', testid: 'profile-stop-date', value: profile?.stop_date ?? '', describedBy: 'stop-date-help' });
  const timezone = await zonePicker(region, profile?.timezone ?? null);

  const currency = el('input', { id: 'currency', name: 'settlement_currency', testid: 'profile-currency', maxlength: 3, placeholder: t('profile.currency_default'), autocomplete: 'off' });
  currency.value = profile?.settlement_currency ?? '';

  const notes = el('textarea', { id: 'notes', name: 'notes', testid: 'profile-notes', rows: 4 });
  notes.value = profile?.notes ?? '';

  form.append(
    field('store-name', t('profile.store_name'), name, t('profile.store_name_help')),
    field('region', t('profile.region'), region, t('profile.region_help')),
    field('stop-date', t('profile.stop_date'), stopDate, t('profile.stop_date_help')),
    field('timezone', t('profile.timezone'), timezone, t('profile.timezone_help')),
  );
  if (full) {
    form.append(
      field('currency', t('profile.currency'), currency),
      field('notes', t('profile.notes'), notes),
    );
  }

  return () => {
    const stop = stopDate.dateValue();
    if (stop === null) return null;
    return {
      store_name: name.value,
      region: region.value,
      stop_date: stop || null,
      timezone: timezone.value,
      settlement_currency: full ? currency.value.toUpperCase() || null : null,
      notes: full ? notes.value : '',
    };
  };
}

/**
 * The time zone, picked by city ("Beijing — China (Asia/Shanghai)"). It follows the region
 * until the seller picks a zone themselves; a saved profile keeps its zone.
 */
async function zonePicker(region, current) {
  const { choices, defaults } = await call('time_zones', { current });
  const select = el('select', { id: 'timezone', name: 'timezone', testid: 'profile-timezone', 'aria-describedby': 'timezone-help' },
    choices.map((c) => el('option', { value: c.zone, text: c.label })));
  select.value = current ?? defaults[region.value];
  let picked = current !== null;
  select.addEventListener('change', () => { picked = true; });
  region.addEventListener('change', () => {
    if (!picked) select.value = defaults[region.value];
  });
  return select;
}

/** Which field of the profile form a core error is about, by the field it names. */
export const PROFILE_FIELDS = {
  store_name: 'store-name', region: 'region', stop_date: 'stop-date', timezone: 'timezone',
  settlement_currency: 'currency', notes: 'notes', date: 'stop-date',
};
