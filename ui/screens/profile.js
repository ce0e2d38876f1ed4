// The Profile step: edit and save the store profile.

import { append, el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call } from '../lib/ipc.js';
import { profileFields, PROFILE_FIELDS } from '../components/profile-form.js';
import { formErrors } from '../components/error-summary.js';
import { dateInvalid } from '../components/date-field.js';
import { backLink } from '../components/back-link.js';

export async function profileScreen(main, app) {
  const form = el('form', { class: 'form', testid: 'profile-form', novalidate: true });
  const readProfile = await profileFields(form, app.caseView.profile, { full: true });
  const errors = formErrors(form, (error) => PROFILE_FIELDS[error?.field] ?? null);
  form.append(
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', testid: 'profile-save', text: t('common.save') }),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    app.clearMessages();
    const profile = readProfile();
    if (!profile) return errors.show([dateInvalid('stop-date')]);
    try {
      app.caseView = await call('save_profile', { profile });
      await app.go('tasks');
      app.notice(t('profile.saved'));
    } catch (error) {
      errors.showError(error);
    }
  });
  append(main, 
    backLink(app),
    el('h1', { text: t('task.profile.title') }),
    el('p', { class: 'lead', text: t('task.profile.about') }),
    form,
  );
}
