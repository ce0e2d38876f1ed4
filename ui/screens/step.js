// A step whose tools have not arrived yet: it says in plain words what it will hold.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { backLink } from '../components/back-link.js';

export async function stepScreen(main, app, { task }) {
  main.append(
    backLink(app),
    el('h1', { testid: 'step-title', text: t(`task.${task.id}.title`) }),
    el('p', { class: 'lead', text: t(`task.${task.id}.about`) }),
    el('div', { class: 'panel', testid: 'step-coming' },
      el('p', { text: t('step.coming') }),
    ),
  );
}
