// The store profile fields, shared by "New case" and the Profile step.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

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
 * Returns a function that reads them back as the `ProfileInput` the Rust side checks.
 */
export function profileFields(form, profile, { full }) {
  const name = el('input', { id: 'store-name', name: 'store_name', testid: 'profile-store-name', required: true, maxlength: 200, autocomplete: 'off' });
  name.value = profile?.store_name ?? '';

  const region = el('select', { id: 'region', name: 'region', testid: 'profile-region' },
    REGIONS.map((code) => el('option', { value: code, text: t(`region.${code}`) })));
  region.value = profile?.region ?? 'CN';

  const stopDate = el('input', { id: 'stop-date', name: 'stop_date', type: 'date', testid: 'profile-stop-date', 'aria-describedby': 'stop-date-help' });
  stopDate.value = profile?.stop_date ?? '';

  const timezone = el('input', { id: 'timezone', name: 'timezone', testid: 'profile-timezone', placeholder: t('profile.timezone_default'), 'aria-describedby': 'timezone-help', autocomplete: 'off' });
  timezone.value = profile?.timezone ?? '';

  const currency = el('input', { id: 'currency', name: 'settlement_currency', testid: 'profile-currency', maxlength: 3, placeholder: t('profile.currency_default'), autocomplete: 'off' });
  currency.value = profile?.settlement_currency ?? '';

  const notes = el('textarea', { id: 'notes', name: 'notes', testid: 'profile-notes', rows: 4 });
  notes.value = profile?.notes ?? '';

  form.append(
    field('store-name', t('profile.store_name'), name, t('profile.store_name_help')),
    field('region', t('profile.region'), region, t('profile.region_help')),
    field('stop-date', t('profile.stop_date'), stopDate, t('profile.stop_date_help')),
  );
  if (full) {
    form.append(
      field('timezone', t('profile.timezone'), timezone, t('profile.timezone_help')),
      field('currency', t('profile.currency'), currency),
      field('notes', t('profile.notes'), notes),
    );
  }

  return () => ({
    store_name: name.value,
    region: region.value,
    stop_date: stopDate.value || null,
    timezone: full ? timezone.value || null : null,
    settlement_currency: full ? currency.value.toUpperCase() || null : null,
    notes: full ? notes.value : '',
  });
}
