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
      ? el('ul', { testid: 'purge-records' }, purges.map((p) => el('li', { text: t('purge.record', { date: p.purged_at, notes: p.notes_cleared, rows: p.raw_cleared, attachments: p.attachments_cleared, backups: p.backups_removed }) })))
      : null,
    el('button', {
      type: 'button', class: 'primary', testid: 'purge-now', text: t('purge.button'),
      onclick: (event) => event.currentTarget.replaceWith(purgeConfirmation(app)),
    }));
}

/** What a purge takes and what it leaves, before it happens (it cannot be undone). */
function purgeConfirmation(app) {
  const heading = el('h3', { tabindex: '-1', text: t('purge.confirm_title') });
  const panel = el('div', { class: 'confirm', testid: 'purge-confirm', role: 'group', 'aria-labelledby': 'purge-confirm-title' },
    heading,
    el('p', { text: t('purge.goes') }),
    el('p', { text: t('purge.stays') }),
    el('p', { class: 'warning-text', text: t('purge.no_undo') }),
    el('div', { class: 'actions' },
      el('button', {
        type: 'button', class: 'danger', testid: 'purge-confirm-yes', text: t('purge.confirm_yes'),
        onclick: async () => {
          try {
            app.caseView = await call('purge_personal_data');
            await app.render();
            app.notice(t('purge.done'));
          } catch (error) {
            app.showError(error);
          }
        },
      }),
      el('button', { type: 'button', class: 'secondary', testid: 'purge-confirm-no', text: t('purge.confirm_no'), onclick: () => app.render() })));
  heading.id = 'purge-confirm-title';
  queueMicrotask(() => heading.focus());
  return panel;
}

/** The cards of every rule a task settles, in checklist order. */
export function ruleCards(task, app) {
  return task.rules
    .map((id) => app.caseView.checklist.rules.find((r) => r.id === id))
    .filter(Boolean)
    .map((rule) => ruleCard(rule, app));
}
