// A step of the task list: guidance in plain words, then each of its rules with what
// Closeout found and the controls to answer.

import { append, el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { backLink } from '../components/back-link.js';
import { ruleCard } from '../components/rule-card.js';

export async function stepScreen(main, app, { taskId }) {
  const task = app.caseView.tasks.groups.flatMap((g) => g.tasks).find((x) => x.id === taskId);
  append(main,
    backLink(app),
    el('h1', { testid: 'step-title', text: t(`task.${task.id}.title`) }),
    el('p', { class: 'lead', text: t(`task.${task.id}.about`) }),
    ruleCards(task, app),
  );
}

/** The cards of every rule a task settles, in checklist order. */
export function ruleCards(task, app) {
  return task.rules
    .map((id) => app.caseView.checklist.rules.find((r) => r.id === id))
    .filter(Boolean)
    .map((rule) => ruleCard(rule, app));
}
