import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

export function backLink(app) {
  return el('button', { type: 'button', class: 'link back', testid: 'back-to-tasks', text: t('common.back_to_tasks'), onclick: () => app.go('tasks') });
}
