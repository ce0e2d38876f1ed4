// Home: recent cases, New case, Open case…, and a drop target for case files.

import { append, el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call, openFileDialog } from '../lib/ipc.js';

export async function homeScreen(main, app) {
  const recent = await call('recent_cases').catch((error) => {
    app.showError(error);
    return [];
  });

  const openButton = el('button', {
    type: 'button',
    class: 'secondary',
    testid: 'open-case',
    text: t('home.open'),
    onclick: async () => {
      const path = await openFileDialog({
        multiple: false,
        directory: false,
        filters: [{ name: t('home.case_files'), extensions: ['closeout'] }],
      });
      if (path) app.openCase(path);
    },
  });

  append(main, 
    el('section', { class: 'hero' },
      el('h1', { text: t('home.title') }),
      el('p', { class: 'lead', text: t('home.lead') }),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'primary', testid: 'new-case', text: t('home.new'), onclick: () => app.go('new-case') }),
        openButton,
      ),
      el('p', { class: 'hint', text: t('home.drop_hint') }),
    ),
    el('section', { class: 'recent' },
      el('h2', { text: t('home.recent') }),
      recent.length === 0
        ? el('p', { class: 'muted', testid: 'no-recent', text: t('home.no_recent') })
        : el('ul', { class: 'recent-list', testid: 'recent-cases' },
          recent.map((item) => el('li', {},
            el('button', {
              type: 'button',
              class: 'recent-item',
              testid: 'recent-case',
              disabled: !item.exists,
              onclick: () => app.openCase(item.path),
            },
            el('span', { class: 'recent-name', text: item.store_name }),
            el('span', { class: 'recent-path', text: item.path }),
            item.exists ? null : el('span', { class: 'tag tag-warning', text: t('home.missing') })),
          )),
        ),
    ),
  );
}
