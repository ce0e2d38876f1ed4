// The Profile step: edit and save the store profile.

import { append, el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call } from '../lib/ipc.js';
import { profileFields } from '../components/profile-form.js';
import { backLink } from '../components/back-link.js';

export async function profileScreen(main, app) {
  const form = el('form', { class: 'form', testid: 'profile-form', novalidate: true });
  const readProfile = profileFields(form, app.caseView.profile, { full: true });
  form.append(
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', testid: 'profile-save', text: t('common.save') }),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    app.clearMessages();
    try {
      app.caseView = await call('save_profile', { profile: readProfile() });
      await app.go('tasks');
      app.notice(t('profile.saved'));
    } catch (error) {
      app.showError(error);
    }
  });
  append(main, 
    backLink(app),
    el('h1', { text: t('task.profile.title') }),
    el('p', { class: 'lead', text: t('task.profile.about') }),
    form,
  );
}
