// New case: the store's name and region, and where the case file is saved.

import { append, el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call, saveFileDialog } from '../lib/ipc.js';
import { profileFields, PROFILE_FIELDS } from '../components/profile-form.js';
import { formErrors } from '../components/error-summary.js';
import { dateInvalid } from '../components/date-field.js';

export async function newCaseScreen(main, app) {
  let chosenPath = null;
  const location = el('output', { id: 'location', class: 'path', testid: 'new-case-location' });

  const form = el('form', { class: 'form', testid: 'new-case-form', novalidate: true });
  const readProfile = await profileFields(form, null, { full: false });
  const errors = formErrors(form, (error) => PROFILE_FIELDS[error?.field] ?? null);

  async function suggestedPath() {
    return chosenPath ?? call('default_case_path', { storeName: form.querySelector('#store-name').value });
  }
  async function showLocation() {
    location.textContent = await suggestedPath().catch(() => '');
  }
  form.querySelector('#store-name').addEventListener('input', showLocation);

  form.append(
    el('div', { class: 'field' },
      el('span', { class: 'label', text: t('new.location') }),
      el('div', { class: 'row' },
        location,
        el('button', {
          type: 'button',
          class: 'secondary small',
          testid: 'new-case-change-location',
          text: t('new.change_location'),
          onclick: async () => {
            const picked = await saveFileDialog({
              defaultPath: await suggestedPath(),
              filters: [{ name: t('home.case_files'), extensions: ['closeout'] }],
            });
            if (picked) {
              chosenPath = picked.toLowerCase().endsWith('.closeout') ? picked : `${picked}.closeout`;
              await showLocation();
            }
          },
        }),
      ),
    ),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', testid: 'new-case-create', text: t('new.create') }),
      el('button', { type: 'button', class: 'link', text: t('common.cancel'), onclick: () => app.go('home') }),
    ),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    app.clearMessages();
    const profile = readProfile();
    if (!profile) return errors.show([dateInvalid('stop-date')]);
    try {
      const path = await suggestedPath();
      app.caseView = await call('create_case', { path, profile });
      await app.go('tasks');
    } catch (error) {
      errors.showError(error);
    }
  });

  append(main, 
    el('h1', { text: t('new.title') }),
    el('p', { class: 'lead', text: t('new.lead') }),
    form,
  );
  await showLocation();
}
