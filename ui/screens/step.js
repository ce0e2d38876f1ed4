// A step of the task list: guidance in plain words, then each of its rules with what
// Closeout found and the controls to answer.

import { append, el } from '../lib/dom.js';
import { call } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { backLink } from '../components/back-link.js';
import { ruleCard } from '../components/rule-card.js';

export async function stepScreen(main, app, { taskId }) {
  const task = app.caseView.tasks.groups.flatMap((g) => g.tasks).find((x) => x.id === taskId);
  append(main,
    backLink(app),
    el('h1', { testid: 'step-title', text: t(`task.${task.id}.title`) }),
    el('p', { class: 'lead', text: t(`task.${task.id}.about`) }),
    task.id === 'personal-data-deleted' ? purgePanel(app) : null,
    ruleCards(task, app),
  );
}

/** Clears what personal data the case holds, after a confirmation, and lists earlier purges. */
function purgePanel(app) {
  const purges = app.caseView.purges;
  return el('section', { class: 'panel', testid: 'purge' },
    el('h2', { text: t('purge.title') }),
    el('p', { text: t('purge.about') }),
    purges.length
      ? el('ul', { testid: 'purge-records' }, purges.map((p) => el('li', { text: t('purge.record', { date: p.purged_at.replace('T', ' ').replace('Z', ' UTC'), notes: p.notes_cleared, rows: p.raw_cleared, backups: p.backups_removed }) })))
      : null,
    el('button', {
      type: 'button', class: 'primary', testid: 'purge-now', text: t('purge.button'),
      onclick: async () => {
        if (!window.confirm(t('purge.confirm'))) return;
        try {
          app.caseView = await call('purge_personal_data');
          await app.render();
          app.notice(t('purge.done'));
        } catch (error) {
          app.showError(error);
        }
      },
    }));
}

/** The cards of every rule a task settles, in checklist order. */
export function ruleCards(task, app) {
  return task.rules
    .map((id) => app.caseView.checklist.rules.find((r) => r.id === id))
    .filter(Boolean)
    .map((rule) => ruleCard(rule, app));
}
